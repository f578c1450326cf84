package dev.hinksbot.gateway.tools.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.tools.Args;
import dev.hinksbot.gateway.tools.Tool;
import dev.hinksbot.gateway.tools.ToolContext;
import dev.hinksbot.gateway.tools.ToolResult;
import dev.hinksbot.gateway.tools.Tools;
import dev.hinksbot.gateway.tools.Workspace;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/** file_read and file_write, confined to the workspace. */
final class FileTools {
    static final int DEFAULT_READ_LINES = 500;
    static final int MAX_READ_LINES = 5_000;
    private static final int MAX_LINE_CHARS = 2_000;

    private final Workspace workspace;
    private final int outputCap;

    FileTools(Workspace workspace, BuiltinSettings settings) {
        this.workspace = workspace;
        this.outputCap = settings.outputCapChars();
    }

    Tool fileRead() {
        return Tools.builder("file_read")
                .description("Read a text file from the workspace. Lines come back prefixed with their line number "
                        + "(e.g. '   12| text'). Large files are read in pages: the footer tells you the offset to "
                        + "use for the next page. Binary files and directories are refused.")
                .group("file", "read")
                .param("path", "string", "File path, relative to the workspace root (absolute paths must be inside it)", true)
                .intParam("offset", "First line to read, 1-based (default 1)", false, 1)
                .intParam("limit", "How many lines to read (default " + DEFAULT_READ_LINES + ", at most "
                        + MAX_READ_LINES + ")", false, 1, MAX_READ_LINES)
                .handler(this::read)
                .build();
    }

    Tool fileWrite() {
        return Tools.builder("file_write")
                .description("Write a text file in the workspace, replacing its content (or appending with "
                        + "append=true). Missing parent directories are created. Returns the number of bytes written.")
                .group("file", "write")
                .param("path", "string", "File path, relative to the workspace root", true)
                .param("content", "string", "The full text to write (UTF-8)", true)
                .param("append", "boolean", "Append to the end of the file instead of replacing it (default false)", false)
                .handler(this::write)
                .build();
    }

    private ToolResult read(JsonNode args, ToolContext ctx) throws Exception {
        String given = Args.string(args, "path");
        Path file = workspace.resolve(given);
        if (!Files.exists(file)) {
            return ToolResult.failure("file '" + given + "' does not exist");
        }
        if (Files.isDirectory(file)) {
            return ToolResult.failure("'" + given + "' is a directory, not a file; use search_files with mode=name "
                    + "and pattern='*' to list its files");
        }
        if (!Files.isRegularFile(file)) {
            return ToolResult.failure("'" + given + "' is not a regular file");
        }
        if (looksBinary(file)) {
            return ToolResult.failure("'" + given + "' looks like a binary file (" + Files.size(file)
                    + " bytes); file_read only reads text files");
        }
        long offset = Args.integer(args, "offset", 1);
        long limit = Args.integer(args, "limit", DEFAULT_READ_LINES);
        long last = offset + limit - 1;

        List<String> window = new ArrayList<>();
        long total = 0;
        int chars = 0;
        boolean capped = false;
        try (BufferedReader r = lenientReader(Files.newInputStream(file))) {
            String line;
            while ((line = r.readLine()) != null) {
                total++;
                if (total >= offset && total <= last && !capped) {
                    if (line.length() > MAX_LINE_CHARS) {
                        line = line.substring(0, MAX_LINE_CHARS) + " ... [line truncated, " + line.length() + " chars]";
                    }
                    chars += line.length() + 8;
                    if (chars > outputCap && !window.isEmpty()) {
                        capped = true; // keep the answer within the output cap; the footer says where to go on
                    } else {
                        window.add(line);
                    }
                }
                if ((total & 0x3FFF) == 0 && ctx.cancel().isCancelled()) {
                    return ToolResult.failure("cancelled");
                }
            }
        }
        String shown = workspace.relativize(file);
        if (total == 0) {
            return ToolResult.ok("[" + shown + " is empty]");
        }
        if (offset > total) {
            return ToolResult.failure("offset " + offset + " is past the end of '" + shown + "', which has "
                    + total + " lines");
        }
        long end = offset + window.size() - 1;
        int width = Math.max(5, Long.toString(end).length());
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < window.size(); i++) {
            sb.append(String.format("%" + width + "d| ", offset + i)).append(window.get(i)).append('\n');
        }
        sb.append("[lines ").append(offset).append('-').append(end).append(" of ").append(total);
        if (end < total) {
            sb.append("; call again with offset=").append(end + 1).append(" for more");
        }
        sb.append(']');
        return ToolResult.ok(sb.toString());
    }

    private ToolResult write(JsonNode args, ToolContext ctx) throws Exception {
        String given = Args.string(args, "path");
        String content = Args.string(args, "content");
        boolean append = Args.bool(args, "append", false);
        Path file = workspace.resolve(given);
        if (file.equals(workspace.root()) || Files.isDirectory(file)) {
            return ToolResult.failure("'" + given + "' is a directory; give a file path");
        }
        Path parent = file.getParent();
        if (Files.exists(parent) && !Files.isDirectory(parent)) {
            return ToolResult.failure("cannot create '" + given + "': '" + workspace.relativize(parent) + "' is a file");
        }
        // the parent chain was resolved inside the workspace, so creating it cannot escape
        Files.createDirectories(parent);
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        if (append) {
            Files.write(file, bytes, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            return ToolResult.ok("Appended " + bytes.length + " bytes to " + workspace.relativize(file)
                    + " (now " + Files.size(file) + " bytes)");
        }
        Files.write(file, bytes);
        return ToolResult.ok("Wrote " + bytes.length + " bytes to " + workspace.relativize(file));
    }

    /** A NUL byte in the first 8 KiB is the usual (git, grep) sign of a binary file. */
    static boolean looksBinary(Path file) throws IOException {
        byte[] buf = new byte[8192];
        try (InputStream in = Files.newInputStream(file)) {
            int n = in.readNBytes(buf, 0, buf.length);
            for (int i = 0; i < n; i++) {
                if (buf[i] == 0) {
                    return true;
                }
            }
        }
        return false;
    }

    /** UTF-8 with malformed bytes replaced, so a stray Latin-1 byte does not make a text file unreadable. */
    static BufferedReader lenientReader(InputStream in) {
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE)));
    }
}
