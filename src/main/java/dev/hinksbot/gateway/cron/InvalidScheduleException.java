package dev.hinksbot.gateway.cron;

/** A schedule (or another job field) that cannot work; the message says why and what to write instead. */
public final class InvalidScheduleException extends IllegalArgumentException {
    public InvalidScheduleException(String message) {
        super(message);
    }
}
