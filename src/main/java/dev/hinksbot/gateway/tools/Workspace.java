package dev.hinksbot.gateway.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The directory file and shell tools are confined to. Every user-supplied path goes through
 * {@link #resolve}, which answers with a real (symlink-free) path inside the root or refuses.
 */
public final class Workspace {
    private final Path root;

    public Workspace(Path root) {
        try {
            Files.createDirectories(root);
            // the real path, so that prefix checks compare like with like (e.g. /tmp behind a symlink)
            this.root = root.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create workspace " + root, e);
        }
    }

    public Path root() {
        return root;
    }

    /**
     * Resolves a path given by the model: relative to the root, "" or "." is the root, absolute paths only
     * if inside the root. The path need not exist; its longest existing prefix is resolved with
     * {@code toRealPath} so a symlink pointing outside is refused.
     */
    public Path resolve(String userPath) throws WorkspaceViolation {
        String given = userPath == null ? "" : userPath.strip();
        Path candidate;
        try {
            Path p = Path.of(given);
            candidate = (p.isAbsolute() ? p : root.resolve(p)).normalize();
        } catch (InvalidPathException e) {
            throw new WorkspaceViolation("path '" + given + "' is not a valid path: " + e.getReason());
        }
        // Split into the longest prefix that exists (without following a final symlink) and the rest.
        Path existing = candidate;
        Path rest = null;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            Path name = existing.getFileName();
            rest = rest == null ? name : name.resolve(rest);
            existing = existing.getParent();
        }
        if (existing == null) {
            throw outside(given);
        }
        Path real;
        try {
            real = existing.toRealPath();
        } catch (IOException e) {
            // a dangling or looping symlink: writing through it could land anywhere
            throw new WorkspaceViolation("path '" + given + "' goes through a symlink that cannot be resolved");
        }
        Path resolved = rest == null ? real : real.resolve(rest).normalize();
        if (!resolved.startsWith(root)) {
            throw outside(given);
        }
        return resolved;
    }

    /** The path as shown to the model: relative to the root with '/' separators, "." for the root itself. */
    public String relativize(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        if (!abs.startsWith(root)) {
            return abs.toString();
        }
        String rel = root.relativize(abs).toString().replace('\\', '/');
        return rel.isEmpty() ? "." : rel;
    }

    private static WorkspaceViolation outside(String given) {
        return new WorkspaceViolation("path '" + given + "' is outside the workspace");
    }

    @Override
    public String toString() {
        return "Workspace[" + root + "]";
    }
}
