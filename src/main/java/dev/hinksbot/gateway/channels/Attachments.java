package dev.hinksbot.gateway.channels;

import dev.hinksbot.gateway.chat.InboundMessage;
/**
 * Files that came with a platform message (a Telegram photo or document, a mail's attachments). They are fetched and
 * saved only after the core path has authorized the sender and seen that the message is for the bot, so a stranger
 * cannot fill the workspace. The channel's inbound bean puts one in header {@link #HEADER}.
 */
@FunctionalInterface
public interface Attachments {
    Attachments NONE = m -> m;
    String HEADER = "HinksbotAttachments";
    /** Meta key: workspace-relative paths of images to show the model, one per line. */
    String META_IMAGES = "images";
    /** Meta key: a line to answer instead of running the agent (a voice note, a photo the model cannot see). */
    String META_NOTICE = "notice";

    /** {@code m} with its files saved under {@code uploads/} and named in its text (images in meta), or a notice. */
    InboundMessage fetch(InboundMessage m);
}
