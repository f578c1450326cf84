package dev.hinksbot.gateway.channels;

import dev.hinksbot.gateway.chat.InboundMessage;
import java.util.Locale;

/** Telegram's {@code /start}, what a bot's first contact sends: a greeting, and for a stranger how pairing works. */
public final class Welcome {
    static final String GREETING = "👋 Hello! I'm HinksBot, an AI assistant run by the owner of this gateway.";

    private Welcome() {
    }

    /** {@code /start}, possibly with a deep-link payload, on Telegram. */
    public static boolean isStart(InboundMessage m) {
        String t = m.text().strip().toLowerCase(Locale.ROOT);
        return "telegram".equals(m.platform()) && (t.equals("/start") || t.startsWith("/start "));
    }

    /** For a sender who may chat. */
    public static String member() {
        return GREETING + "\n\nJust write to chat; /help lists the commands, /new starts a fresh conversation.";
    }

    /** For a stranger, before the pairing message. */
    public static String stranger(String pairingMessage) {
        return GREETING + "\n\nYou are not paired yet. " + pairingMessage;
    }
}
