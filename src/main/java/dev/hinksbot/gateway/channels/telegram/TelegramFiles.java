package dev.hinksbot.gateway.channels.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.channels.Attachments;
import dev.hinksbot.gateway.channels.media.Uploads;
import dev.hinksbot.gateway.channels.media.VisionSupport;
import dev.hinksbot.gateway.chat.InboundMessage;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches a Telegram message's photo (its largest size) or document once the core path accepted the message:
 * {@code getFile}, then the file URL on the configured Bot API, saved under the workspace's {@code uploads/}
 * ({@link Uploads}) and named in the text the model sees, so its file tools can read it. A photo or an image document
 * goes to the model as an image when it can see images ({@link VisionSupport}); a photo it cannot see is answered with
 * one line instead. Files over the size cap are not downloaded.
 */
public final class TelegramFiles {
    private static final Logger LOG = LoggerFactory.getLogger("hinksbot.telegram");

    private final TelegramBotApi api;
    private final Uploads uploads;
    private final VisionSupport vision;

    public TelegramFiles(TelegramBotApi api, Uploads uploads, VisionSupport vision) {
        this.api = api;
        this.uploads = uploads;
        this.vision = vision;
    }

    static boolean hasFiles(JsonNode message) {
        return message.path("photo").isArray() && !message.path("photo").isEmpty() || message.path("document").has("file_id");
    }

    Attachments of(JsonNode message) {
        return m -> fetch(message, m);
    }

    private InboundMessage fetch(JsonNode message, InboundMessage m) {
        boolean photo = message.path("photo").isArray() && !message.path("photo").isEmpty();
        JsonNode file = photo ? largest(message.path("photo")) : message.path("document");
        String original = photo ? "photo.jpg" : file.path("file_name").asText("document");
        String mime = photo ? "image/jpeg" : file.path("mime_type").asText("");
        boolean image = photo || Uploads.isImage(mime, original);
        boolean sees = image && vision.supported();
        Map<String, String> meta = new LinkedHashMap<>(m.meta());
        if (photo && !sees) {
            meta.put(Attachments.META_NOTICE, "🖼️ I can't see images: the current model has no vision support."
                    + " Describe it in words, or send it as a file to have it saved.");
            return with(m, m.text(), meta);
        }
        long size = file.path("file_size").asLong(0);
        if (size > uploads.maxBytes()) {
            meta.put(Attachments.META_NOTICE, "📎 " + Uploads.safeName(original) + " is too large (" + size / 1024
                    + " KiB; at most " + uploads.maxBytes() / 1024 + " KiB) and was not saved.");
            return with(m, m.text(), meta);
        }
        String saved;
        try {
            byte[] bytes = api.download(file.path("file_id").asText(), uploads.maxBytes());
            saved = uploads.save("telegram-" + m.chatId() + "-" + m.messageId(), original, bytes);
        } catch (TelegramBotApi.TooLarge e) {
            meta.put(Attachments.META_NOTICE, "📎 " + Uploads.safeName(original) + " is too large and was not saved.");
            return with(m, m.text(), meta);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warn("Telegram file of message {} in {} could not be fetched: {}", m.messageId(), m.chatId(), e.getMessage());
            meta.put(Attachments.META_NOTICE, "⚠️ The file could not be fetched from Telegram; please send it again.");
            return with(m, m.text(), meta);
        }
        LOG.info("Telegram file of message {} in {} saved as {}", m.messageId(), m.chatId(), saved);
        String text = m.text().strip();
        String note = photo ? "[photo: " + saved + "]"
                : "[file received and saved as " + saved + " (" + (mime.isEmpty() ? "unknown type" : mime)
                + "); read it with file_read]";
        if (sees) {
            meta.put(Attachments.META_IMAGES, saved);
        }
        return with(m, text.isEmpty() ? (photo ? "(a photo) " + note : note) : text + "\n\n" + note, meta);
    }

    private static JsonNode largest(JsonNode sizes) {
        JsonNode best = sizes.get(0);
        for (JsonNode s : sizes) {
            if (area(s) > area(best) || area(s) == area(best) && s.path("file_size").asLong() > best.path("file_size").asLong()) {
                best = s;
            }
        }
        return best;
    }

    private static long area(JsonNode size) {
        return size.path("width").asLong() * size.path("height").asLong();
    }

    private static InboundMessage with(InboundMessage m, String text, Map<String, String> meta) {
        return new InboundMessage(m.platform(), m.chatType(), m.chatId(), m.threadId(), m.userId(), m.userName(), text,
                m.messageId(), m.addressed(), m.sentAt(), meta);
    }
}
