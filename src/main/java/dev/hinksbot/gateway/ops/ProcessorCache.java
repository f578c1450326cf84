package dev.hinksbot.gateway.ops;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bytecode of compiled user processors (processors/*.java), kept in the gateway's data folder so that a start
 * whose sources have not changed loads them instead of running javac (a third of a cold start). An entry is a folder
 * named by the {@linkplain #key key} of what the bytecode depends on, holding one {@code .class} file per class and an
 * {@code index} (written last) with each file's SHA-256. An entry that does not read back exactly is removed and the
 * caller compiles again; a cache that cannot be written only costs the next start a compile.
 */
public final class ProcessorCache {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessorCache.class);
    private static final String INDEX = "index";
    private static final HexFormat HEX = HexFormat.of();
    private static final Duration UNUSED_FOR = Duration.ofDays(30);

    /** One entry: every class's bytecode by binary name, and which of them are the sources' top-level classes. */
    public record Entry(Map<String, byte[]> classes, List<String> mainClasses) {
        public Entry {
            classes = new LinkedHashMap<>(classes);
            mainClasses = List.copyOf(mainClasses);
        }
    }

    private final Path dir;

    /** {@code dir}: the cache folder (created when the first entry is written). */
    public ProcessorCache(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /**
     * The key of {@code sources} (class name → source text) compiled on this runtime: the texts, the Java version, the
     * Camel version and the classpath (each entry's path, size and modification time), so a new gateway jar, Camel or
     * JDK compiles again rather than load bytecode linked against what is gone.
     */
    public static String key(Map<String, String> sources, String camelVersion) {
        MessageDigest sha = sha256();
        Map<String, String> sorted = new TreeMap<>(sources);
        sorted.forEach((name, text) -> {
            update(sha, "source " + name);
            update(sha, text);
        });
        update(sha, "java " + Runtime.version());
        update(sha, "camel " + camelVersion);
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            File f = new File(entry);
            update(sha, "cp " + f.getAbsolutePath() + " " + f.length() + " " + f.lastModified());
        }
        return HEX.formatHex(sha.digest()).substring(0, 32);
    }

    /** The entry under {@code key}, or empty when there is none or it is damaged (then it is removed). */
    public Optional<Entry> read(String key) {
        Path entry = dir.resolve(key);
        Path index = entry.resolve(INDEX);
        if (!Files.isRegularFile(index)) {
            return Optional.empty();
        }
        try {
            Map<String, byte[]> classes = new LinkedHashMap<>();
            List<String> mains = new ArrayList<>();
            for (String line : Files.readAllLines(index, StandardCharsets.UTF_8)) {
                String[] f = line.split(" ");
                if (f.length != 3 || !f[0].matches("[\\w.$]+") || !(f[1].equals("main") || f[1].equals("inner"))) {
                    throw new IOException("index line not understood: " + line);
                }
                byte[] code = Files.readAllBytes(entry.resolve(f[0] + ".class"));
                if (!HEX.formatHex(sha256().digest(code)).equals(f[2])) {
                    throw new IOException(f[0] + ".class does not match its checksum");
                }
                classes.put(f[0], code);
                if (f[1].equals("main")) {
                    mains.add(f[0]);
                }
            }
            if (mains.isEmpty()) {
                throw new IOException("no class in the index");
            }
            Files.setLastModifiedTime(index, FileTime.from(Instant.now())); // in use: not pruned
            return Optional.of(new Entry(classes, mains));
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("processors: compile cache entry {} is damaged ({}); compiling again", entry, e.getMessage());
            remove(key);
            return Optional.empty();
        }
    }

    /** Stores {@code entry} under {@code key}: written beside, then moved into place, so a reader sees all or nothing. */
    public void write(String key, Entry entry) {
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempDirectory(dir, key + ".tmp");
            StringBuilder index = new StringBuilder();
            for (Map.Entry<String, byte[]> c : entry.classes().entrySet()) {
                Files.write(tmp.resolve(c.getKey() + ".class"), c.getValue());
                index.append(c.getKey()).append(entry.mainClasses().contains(c.getKey()) ? " main " : " inner ")
                        .append(HEX.formatHex(sha256().digest(c.getValue()))).append('\n');
            }
            Files.writeString(tmp.resolve(INDEX), index, StandardCharsets.UTF_8);
            remove(key); // a damaged entry of the same key
            try {
                Files.move(tmp, dir.resolve(key), StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, dir.resolve(key));
            }
            tmp = null;
            prune(key);
        } catch (FileAlreadyExistsException e) {
            // another gateway on the same data folder wrote it first: the same bytes
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("processors: cannot keep the compiled classes in {} ({}); the next start compiles again", dir, e.toString());
        } finally {
            if (tmp != null) {
                deleteTree(tmp);
            }
        }
    }

    /** Removes the entries no start has used for {@link #UNUSED_FOR}: each edit of a processor leaves one behind. */
    private void prune(String keep) {
        Instant before = Instant.now().minus(UNUSED_FOR);
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path entry : entries.filter(e -> !e.getFileName().toString().equals(keep)).toList()) {
                Path index = entry.resolve(INDEX);
                Path used = Files.exists(index) ? index : entry; // no index: a write that never finished
                if (Files.getLastModifiedTime(used).toInstant().isBefore(before)) {
                    deleteTree(entry);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.debug("processors: compile cache not pruned: {}", e.toString());
        }
    }

    /** Removes the entry under {@code key}, if any. */
    public void remove(String key) {
        deleteTree(dir.resolve(key));
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.deleteIfExists(p);
                } catch (NoSuchFileException e) {
                    // gone already
                }
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("processors: cannot remove {} ({})", root, e.toString());
        }
    }

    private static void update(MessageDigest sha, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        sha.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
        sha.update((byte) ':');
        sha.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
