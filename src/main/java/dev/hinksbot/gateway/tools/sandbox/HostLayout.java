package dev.hinksbot.gateway.tools.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the host lays out its system directories outside /usr: on merged-/usr systems (Debian 12) /bin, /sbin and
 * /lib* are symlinks into /usr and the sandbox recreates the links; elsewhere they are directories, bound read-only.
 *
 * @param entries top-level path ("/bin") to its symlink target ("usr/bin"), or to null for a real directory
 */
public record HostLayout(Map<String, String> entries) {
    private static final String[] SYSTEM_DIRS = {"/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"};

    public HostLayout {
        entries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    /** Reads this machine's layout; paths that do not exist are left out. */
    public static HostLayout detect() {
        Map<String, String> found = new LinkedHashMap<>();
        for (String dir : SYSTEM_DIRS) {
            Path p = Path.of(dir);
            try {
                if (Files.isSymbolicLink(p)) {
                    found.put(dir, Files.readSymbolicLink(p).toString());
                } else if (Files.isDirectory(p)) {
                    found.put(dir, null);
                }
            } catch (IOException e) {
                // unreadable: leave it out of the sandbox
            }
        }
        return new HostLayout(found);
    }
}
