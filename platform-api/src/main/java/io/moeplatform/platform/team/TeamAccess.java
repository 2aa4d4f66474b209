package io.moeplatform.platform.team;

import io.moeplatform.platform.team.TeamRepository.Team;
import io.moeplatform.platform.web.ApiException;
import org.springframework.stereotype.Component;

/**
 * What a caller may see of teams: its own, and every team for an admin. Anything else is "not
 * found", so that a token cannot probe which names exist.
 */
@Component
public class TeamAccess {

    private final TeamRepository teams;

    TeamAccess(TeamRepository teams) {
        this.teams = teams;
    }

    /** The named team, if the caller may see it. */
    public Team visible(Caller caller, String name) {
        return teams.findByName(name)
                .filter(t -> caller.admin() || t.id().equals(caller.teamId()))
                .orElseThrow(() -> ApiException.notFound("team", name));
    }

    public static void requireAdmin(Caller caller) {
        if (!caller.admin()) {
            throw ApiException.forbidden("only an admin team's token may manage teams");
        }
    }
}
