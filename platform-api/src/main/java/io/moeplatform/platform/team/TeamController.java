package io.moeplatform.platform.team;

import io.moeplatform.platform.team.TeamRepository.Team;
import io.moeplatform.platform.web.ApiException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import java.util.Map;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Teams. Admin teams create and delete teams; every team sees itself. */
@RestController
@RequestMapping("/api/v1/teams")
class TeamController {

    private final TeamRepository teams;
    private final TeamAccess access;

    TeamController(TeamRepository teams, TeamAccess access) {
        this.teams = teams;
        this.access = access;
    }

    /** Body of {@code POST /api/v1/teams}. */
    record CreateTeamRequest(
            @NotBlank
            @Pattern(
                    regexp = "[a-z0-9][a-z0-9-]{0,62}",
                    message = "must be 1-63 lowercase letters, digits or '-', starting with a letter or digit")
            String name,

            Boolean admin) {}

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Team create(Caller caller, @Valid @RequestBody CreateTeamRequest request) {
        TeamAccess.requireAdmin(caller);
        try {
            return teams.create(request.name(), Boolean.TRUE.equals(request.admin()));
        } catch (DuplicateKeyException e) {
            throw ApiException.conflict(
                    "team-exists", "team " + request.name() + " already exists", Map.of("field", "name"));
        }
    }

    @GetMapping
    List<Team> list(Caller caller) {
        return caller.admin() ? teams.findAll() : List.of(access.visible(caller, caller.teamName()));
    }

    @GetMapping("/{name}")
    Team get(Caller caller, @PathVariable String name) {
        return access.visible(caller, name);
    }

    @DeleteMapping("/{name}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(Caller caller, @PathVariable String name) {
        TeamAccess.requireAdmin(caller);
        Team team = access.visible(caller, name);
        if (team.id().equals(caller.teamId())) {
            throw ApiException.conflict("cannot-delete-own-team", "a team cannot delete itself", Map.of("team", name));
        }
        teams.delete(team.id());
    }
}
