package dev.hinksbot.gateway.processors;

/** Headers the steps of {@code direct:inbound} set for the ones after them (and for steps a user adds in between). */
public final class InboundHeaders {
    /** The chat session's key, e.g. {@code agent:main:telegram:dm:111}. */
    public static final String SESSION_KEY = "HinksbotSessionKey";
    /** The id of the session the message belongs to. */
    public static final String SESSION_ID = "HinksbotSessionId";
    /** The slash command's name ({@code new}, {@code stop} …) when the message is one; absent otherwise. */
    public static final String COMMAND = "HinksbotCommand";

    private InboundHeaders() {
    }
}
