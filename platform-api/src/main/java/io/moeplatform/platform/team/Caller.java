package io.moeplatform.platform.team;

import java.util.UUID;

/**
 * Who is calling: the team of the API token in {@code Authorization: Bearer …}. Every resource
 * lookup is scoped by {@link #teamId()}; a resource of another team is "not found".
 *
 * @param teamId the caller's team
 * @param teamName its name
 * @param admin whether the team manages other teams
 * @param tokenId the token used
 */
public record Caller(UUID teamId, String teamName, boolean admin, UUID tokenId) {

    /** The request attribute under which the authentication filter leaves the caller. */
    public static final String ATTRIBUTE = Caller.class.getName();
}
