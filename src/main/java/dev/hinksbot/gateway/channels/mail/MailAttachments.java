package dev.hinksbot.gateway.channels.mail;

import dev.hinksbot.gateway.channels.Attachments;
import dev.hinksbot.gateway.channels.media.Uploads;
import dev.hinksbot.gateway.channels.media.VisionSupport;
import dev.hinksbot.gateway.chat.InboundMessage;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeUtility;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A mail's attachments, saved under the workspace's {@code uploads/} ({@link Uploads}: safe names, size cap) when
 * the core path has accepted the mail, and listed at the end of the text the model sees; images also go to the model
 * as images when it can see them. At most {@value #MAX_FILES} attachments are taken from one mail.
 */
final class MailAttachments {
    static final int MAX_FILES = 10;
    private static final Logger LOG = LoggerFactory.getLogger("hinksbot.mail");

    private MailAttachments() {
    }

    /** The parts of {@code mail} that are files (attachments, or inline parts with a file name that are not its text). */
    static List<Part> find(Part mail) throws MessagingException, IOException {
        List<Part> out = new ArrayList<>();
        collect(mail, out);
        return out;
    }

    private static void collect(Part part, List<Part> out) throws MessagingException, IOException {
        if (part.isMimeType("multipart/*") && part.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                collect(child, out);
            }
            return;
        }
        boolean attachment = Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition());
        boolean namedInline = part.getFileName() != null && !part.isMimeType("text/plain") && !part.isMimeType("text/html");
        if (attachment || namedInline) {
            out.add(part);
        }
    }

    static Attachments of(List<Part> parts, Uploads uploads, VisionSupport vision) {
        return m -> save(parts, m, uploads, vision);
    }

    private static InboundMessage save(List<Part> parts, InboundMessage m, Uploads uploads, VisionSupport vision) {
        StringBuilder list = new StringBuilder("\n\nAttachments (saved in the workspace; read them with file_read):");
        List<String> images = new ArrayList<>();
        boolean sees = false;
        boolean askedVision = false;
        String prefix = "mail-" + Integer.toHexString((m.messageId() == null ? "" : m.messageId()).hashCode());
        for (int i = 0; i < parts.size(); i++) {
            Part part = parts.get(i);
            String name = "attachment";
            try {
                name = part.getFileName() == null ? "attachment" : MimeUtility.decodeText(part.getFileName());
                if (i >= MAX_FILES) {
                    list.append("\n- ").append(Uploads.safeName(name)).append(": not saved (at most ").append(MAX_FILES).append(" per mail)");
                    continue;
                }
                String mime = part.getContentType() == null ? "" : part.getContentType().split(";")[0].strip().toLowerCase(Locale.ROOT);
                byte[] bytes;
                try (InputStream in = part.getInputStream()) {
                    bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 1, uploads.maxBytes() + 1));
                }
                if (bytes.length > uploads.maxBytes()) {
                    list.append("\n- ").append(Uploads.safeName(name)).append(": not saved (larger than ")
                            .append(uploads.maxBytes() / 1024).append(" KiB)");
                    continue;
                }
                String saved = uploads.save(prefix + "-" + (i + 1), name, bytes);
                list.append("\n- ").append(saved).append(" (").append(mime.isEmpty() ? "unknown type" : mime).append(", ")
                        .append(bytes.length).append(" bytes)");
                if (Uploads.isImage(mime, name)) {
                    if (!askedVision) {
                        sees = vision.supported();
                        askedVision = true;
                    }
                    if (sees) {
                        images.add(saved);
                    } else {
                        list.append(" — an image this model cannot see");
                    }
                }
            } catch (MessagingException | IOException | RuntimeException e) {
                LOG.warn("attachment {} of mail {} not saved: {}", Uploads.safeName(name), m.messageId(), e.getMessage());
                list.append("\n- ").append(Uploads.safeName(name)).append(": could not be saved");
            }
        }
        Map<String, String> meta = new LinkedHashMap<>(m.meta());
        if (!images.isEmpty()) {
            meta.put(Attachments.META_IMAGES, String.join("\n", images));
        }
        return new InboundMessage(m.platform(), m.chatType(), m.chatId(), m.threadId(), m.userId(), m.userName(),
                (m.text() + list).strip(), m.messageId(), m.addressed(), m.sentAt(), meta);
    }
}
