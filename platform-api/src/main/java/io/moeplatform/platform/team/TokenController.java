package io.moeplatform.platform.team;

import io.moeplatform.platform.team.TeamRepository.Team;
import io.moeplatform.platform.team.TeamRepository.Token;
import io.moeplatform.platform.web.ApiException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * API tokens of the caller's team (an admin may name another team with {@code team}). A new
 * token's secret is in the creation response only; the platform keeps its SHA-256.
 */
@RestController
@RequestMapping("/api/v1/tokens")
class TokenController {

    /** Tokens expire after 90 days unless the request says otherwise. */
    static final int DEFAULT_EXPIRY_DAYS = 90;

    private final TeamRepository teams;
    private final TeamAccess access;

    TokenController(TeamRepository teams, TeamAccess access) {
        this.teams = teams;
        this.access = access;
    }

    /**
     * Body of {@code POST /api/v1/tokens}.
     *
     * @param name what the token is for, e.g. {@code ci-nightly}
     * @param expiresInDays lifetime in days, 1 to 3650 (default 90)
     * @param team for admins: the team that gets the token (default: the caller's)
     */
    record CreateTokenRequest(
            @NotBlank @Size(max = 100) String name,
            @Min(1) @Max(3650) Integer expiresInDays,
            String team) {}

    /** The one response that carries a token's secret. */
    record CreatedToken(UUID id, String team, String name, String token, Instant expiresAt) {}

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    CreatedToken create(Caller caller, @Valid @RequestBody CreateTokenRequest request) {
        Team team = target(caller, request.team());
        int days = request.expiresInDays() == null ? DEFAULT_EXPIRY_DAYS : request.expiresInDays();
        String secret = ApiTokens.newSecret();
        Token token = teams.createToken(
                team.id(), request.name(), secret, Instant.now().plus(Duration.ofDays(days)));
        return new CreatedToken(token.id(), team.name(), token.name(), secret, token.expiresAt());
    }

    @GetMapping
    List<Token> list(Caller caller, @RequestParam(required = false) String team) {
        return teams.tokens(target(caller, team).id());
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revoke(Caller caller, @PathVariable UUID id, @RequestParam(required = false) String team) {
        if (!teams.revoke(target(caller, team).id(), id)) {
            throw ApiException.notFound("token", id);
        }
    }

    private Team target(Caller caller, String team) {
        return access.visible(caller, team == null ? caller.teamName() : team);
    }
}
