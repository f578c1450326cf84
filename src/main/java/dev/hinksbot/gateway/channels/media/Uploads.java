package dev.hinksbot.gateway.channels.media;

import dev.hinksbot.gateway.tools.Workspace;
import dev.hinksbot.gateway.tools.WorkspaceViolation;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;

/**
 * Files people send to the bot (Telegram documents and photos, mail attachments), saved in the workspace's
 * {@code uploads/} folder where the model's file tools can read them. A file name comes from the sender and is
 * hostile: only its last segment is kept, reduced to letters, digits, {@code . _ -}, never starting with a dot, at
 * most 80 characters, behind a prefix naming where it came from; the path is resolved through {@link Workspace} (no
 * symlink leads out) and written without following a link. Files over the size cap are not saved.
 */
public final class Uploads {
    public static final String DIR = "uploads";
    private static final Set<String> IMAGE_TYPES = Set.of("image/jpeg", "image/png", "image/gif", "image/webp");

    private final Workspace workspace;
    private final long maxBytes;

    public Uploads(Workspace workspace, long maxBytes) {
        this.workspace = workspace;
        this.maxBytes = maxBytes;
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** Saves {@code bytes} as {@code uploads/<prefix>-<safe name>}; returns the workspace-relative path. */
    public String save(String prefix, String originalName, byte[] bytes) {
        if (bytes.length > maxBytes) {
            throw new IllegalArgumentException("the file is larger than " + maxBytes + " bytes");
        }
        String name = safePrefix(prefix) + "-" + safeName(originalName);
        try {
            Path dir = workspace.resolve(DIR);
            Files.createDirectories(dir);
            Path file = workspace.resolve(DIR + "/" + name);
            if (!file.getParent().equals(dir)) {
                throw new IllegalStateException("upload path escaped the uploads folder");
            }
            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                out.write(bytes);
            }
            return DIR + "/" + name;
        } catch (WorkspaceViolation e) {
            throw new IllegalStateException("the uploads folder is not inside the workspace: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the upload " + name, e);
        }
    }

    /** A saved image as a data URL for an {@code image_url} part; null when it is gone or not an image. */
    public String dataUrl(String relativePath) {
        if (relativePath == null || !relativePath.startsWith(DIR + "/") || relativePath.contains("..")) {
            return null;
        }
        String type = imageType(relativePath);
        if (type == null) {
            return null;
        }
        try {
            Path file = workspace.resolve(relativePath);
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) > maxBytes) {
                return null;
            }
            return "data:" + type + ";base64," + Base64.getEncoder().encodeToString(Files.readAllBytes(file));
        } catch (WorkspaceViolation | IOException e) {
            return null;
        }
    }

    /** The image media type a file name stands for, or null. */
    public static String imageType(String name) {
        String lower = name == null ? "" : name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".jpg") || lower.endsWith(".jpeg")) {
            return "image/jpeg";
        }
        if (lower.endsWith(".png")) {
            return "image/png";
        }
        if (lower.endsWith(".gif")) {
            return "image/gif";
        }
        if (lower.endsWith(".webp")) {
            return "image/webp";
        }
        return null;
    }

    public static boolean isImage(String mimeType, String name) {
        return (mimeType != null && IMAGE_TYPES.contains(mimeType.toLowerCase(Locale.ROOT))) || imageType(name) != null;
    }

    static String safePrefix(String prefix) {
        String p = prefix == null ? "" : prefix.replaceAll("[^A-Za-z0-9_-]", "_");
        return p.isEmpty() ? "upload" : p.length() > 60 ? p.substring(0, 60) : p;
    }

    /** The sender's file name made harmless: last path segment, safe characters, no leading dot, bounded. */
    public static String safeName(String original) {
        String n = original == null ? "" : original;
        n = n.substring(Math.max(n.lastIndexOf('/'), n.lastIndexOf('\\')) + 1);
        n = n.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("\\.{2,}", ".").replaceFirst("^[._-]+", "");
        if (n.length() > 80) {
            int dot = n.lastIndexOf('.');
            String ext = dot > 0 && n.length() - dot <= 10 ? n.substring(dot) : "";
            n = n.substring(0, 80 - ext.length()) + ext;
        }
        return n.isEmpty() ? "file" : n;
    }
}
