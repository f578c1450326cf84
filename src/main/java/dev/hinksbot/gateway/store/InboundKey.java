package dev.hinksbot.gateway.store;

import java.util.Objects;

/**
 * The stable key of one inbound platform message: {@code telegram:<bot>:<update_id>}, {@code slack:<channel>:<ts>},
 * {@code mail:<Message-ID>}. {@code source} is the stream it came from (the key without its last part; {@code mail}
 * for mail, whose Message-IDs may hold colons); {@code seq} is Telegram's update_id, from which the next getUpdates
 * offset is known after a restart.
 */
public record InboundKey(String value, String source, Long seq) {
    public InboundKey {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(source, "source");
    }

    public static InboundKey telegram(String bot, long updateId) {
        return new InboundKey("telegram:" + bot + ":" + updateId, "telegram:" + bot, updateId);
    }

    public static InboundKey of(String value) {
        Objects.requireNonNull(value, "value");
        if (value.startsWith("mail:")) {
            return new InboundKey(value, "mail", null);
        }
        int last = value.lastIndexOf(':');
        if (last <= 0) {
            return new InboundKey(value, value, null);
        }
        String source = value.substring(0, last);
        Long seq = null;
        if (value.startsWith("telegram:")) {
            try {
                seq = Long.parseLong(value.substring(last + 1));
            } catch (NumberFormatException e) {
                seq = null;
            }
        }
        return new InboundKey(value, source, seq);
    }

    @Override
    public String toString() {
        return value;
    }
}
