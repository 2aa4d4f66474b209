package io.moeplatform.platform.team;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * API token secrets: {@code moe_} followed by 40 URL-safe characters (240 random bits). Only the
 * SHA-256 of a secret is stored; a fast hash is right here because the secret has full entropy,
 * unlike a password, so there is nothing to brute-force.
 */
public final class ApiTokens {

    static final String PREFIX = "moe_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiTokens() {}

    /** A new random token secret. */
    public static String newSecret() {
        byte[] bytes = new byte[30];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The stored form of a secret: lowercase hex SHA-256. */
    public static String hash(String secret) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The part of a secret shown in listings to tell tokens apart. */
    public static String displayPrefix(String secret) {
        return secret.substring(0, Math.min(secret.length(), PREFIX.length() + 6));
    }
}
