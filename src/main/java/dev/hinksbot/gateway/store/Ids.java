package dev.hinksbot.gateway.store;

import java.security.SecureRandom;

/** Prefixed random ids ("sess_…", "msg_…") with 24 URL-safe characters (144 bits) from a SecureRandom. */
final class Ids {
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private static final int LENGTH = 24;

    private final SecureRandom random = new SecureRandom();

    String next(String prefix) {
        StringBuilder sb = new StringBuilder(prefix.length() + LENGTH).append(prefix);
        for (int i = 0; i < LENGTH; i++) {
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
