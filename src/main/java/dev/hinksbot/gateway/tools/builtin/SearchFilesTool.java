package dev.hinksbot.gateway.tools.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.tools.Args;
import dev.hinksbot.gateway.tools.Tool;
import dev.hinksbot.gateway.tools.ToolContext;
import dev.hinksbot.gateway.tools.ToolResult;
import dev.hinksbot.gateway.tools.Texts;
import dev.hinksbot.gateway.tools.Tools;
import dev.hinksbot.gateway.tools.Workspace;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** search_files: a regex over file contents, or a glob over file names, below a workspace directory. */
final class SearchFilesTool {
    static final long MAX_FILE_BYTES = 2L * 1024 * 1024;
    private static final int MAX_SHOWN_LINE = 300;
    /** Directories that are rarely what the model is looking for and can be huge. */
    private static final Set<String> SKIPPED_DIRS = Set.of(".git", "node_modules", ".hg", ".svn");

    private final Workspace workspace;
    private final int outputCap;

    SearchFilesTool(Workspace workspace, BuiltinSettings settings) {
        this.workspace = workspace;
        this.outputCap = settings.outputCapChars();
    }

    Tool tool() {
        return Tools.builder("search_files")
                .description("Search the workspace. mode=content (default): find lines matching a Java regular "
                        + "expression in file contents, answered as 'path:line: text' (binary and files over 2 MB "
                        + "are skipped). mode=name: find files whose name matches a glob such as '*.java' "
                        + "(a glob containing '/' is matched against the path relative to 'path').")
                .group("search", "file")
                .param("pattern", "string", "Regex (mode=content) or glob (mode=name)", true)
                .param("path", "string", "Directory or file to search, relative to the workspace root (default '.')", false)
                .enumParam("mode", "'content' to search inside files, 'name' to match file names (default content)",
                        false, "content", "name")
                .param("include", "string", "Only with mode=content: glob restricting which file names are searched, e.g. '*.py'", false)
                .intParam("max_results", "Most results to return (default 100)", false, 1, 1000)
                .param("ignore_case", "boolean", "Case-insensitive matching (default false)", false)
                .handler(this::search)
                .build();
    }

    private ToolResult search(JsonNode args, ToolContext ctx) throws Exception {
        String pattern = Args.string(args, "pattern");
        String given = Args.string(args, "path", ".");
        String mode = Args.string(args, "mode", "content");
        int max = (int) Args.integer(args, "max_results", 100);
        boolean ignoreCase = Args.bool(args, "ignore_case", false);
        Path start = workspace.resolve(given);
        if (!Files.exists(start)) {
            return ToolResult.failure("path '" + given + "' does not exist");
        }
        if (pattern.isEmpty()) {
            return ToolResult.failure("argument 'pattern' must not be empty");
        }

        Matcher content = null;
        PathMatcher nameGlob = null;
        PathMatcher include = null;
        boolean globOnPath = pattern.contains("/");
        try {
            if (mode.equals("content")) {
                content = Pattern.compile(pattern, ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0).matcher("");
                String inc = Args.string(args, "include", null);
                include = inc == null ? null : FileSystems.getDefault().getPathMatcher("glob:" + inc);
            } else {
                nameGlob = FileSystems.getDefault().getPathMatcher("glob:" + (ignoreCase ? pattern.toLowerCase() : pattern));
            }
        } catch (PatternSyntaxException e) {
            return ToolResult.failure("invalid " + (mode.equals("content") ? "regex" : "glob") + " '" + pattern
                    + "': " + e.getDescription() + (e.getIndex() >= 0 ? " near index " + e.getIndex() : ""));
        } catch (IllegalArgumentException e) {
            return ToolResult.failure("invalid glob '" + pattern + "': " + e.getMessage());
        }

        List<String> hits = new ArrayList<>();
        boolean[] more = {false};
        int[] skipped = {0};
        Matcher finalContent = content;
        PathMatcher finalGlob = nameGlob;
        PathMatcher finalInclude = include;
        Files.walkFileTree(start, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (ctx.cancel().isCancelled()) {
                    return FileVisitResult.TERMINATE;
                }
                if (!dir.equals(start) && SKIPPED_DIRS.contains(dir.getFileName().toString())) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                if (finalGlob != null && !dir.equals(start) && nameMatches(dir)) {
                    return add(workspace.relativize(dir) + "/");
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (ctx.cancel().isCancelled()) {
                    return FileVisitResult.TERMINATE;
                }
                if (finalGlob != null) {
                    return nameMatches(file) ? add(workspace.relativize(file)) : FileVisitResult.CONTINUE;
                }
                if (!attrs.isRegularFile()
                        || (finalInclude != null && !finalInclude.matches(file.getFileName()))) {
                    return FileVisitResult.CONTINUE;
                }
                if (attrs.size() > MAX_FILE_BYTES || FileTools.looksBinary(file)) {
                    skipped[0]++;
                    return FileVisitResult.CONTINUE;
                }
                try (BufferedReader r = FileTools.lenientReader(Files.newInputStream(file))) {
                    String line;
                    int n = 0;
                    while ((line = r.readLine()) != null) {
                        n++;
                        if (finalContent.reset(line).find()) {
                            String shown = line.strip();
                            if (shown.length() > MAX_SHOWN_LINE) {
                                shown = shown.substring(0, MAX_SHOWN_LINE) + "...";
                            }
                            if (add(workspace.relativize(file) + ":" + n + ": " + shown) == FileVisitResult.TERMINATE) {
                                return FileVisitResult.TERMINATE;
                            }
                        }
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) {
                return FileVisitResult.CONTINUE; // unreadable entries are skipped, not fatal
            }

            private boolean nameMatches(Path p) {
                Path subject = globOnPath ? start.relativize(p) : p.getFileName();
                return finalGlob.matches(ignoreCase ? Path.of(subject.toString().toLowerCase()) : subject);
            }

            private FileVisitResult add(String hit) {
                if (hits.size() >= max) {
                    more[0] = true;
                    return FileVisitResult.TERMINATE;
                }
                hits.add(hit);
                return FileVisitResult.CONTINUE;
            }
        });
        if (ctx.cancel().isCancelled()) {
            return ToolResult.failure("cancelled");
        }
        String what = mode.equals("content") ? "lines matching /" + pattern + "/" : "names matching '" + pattern + "'";
        String skippedNote = skipped[0] > 0 ? " (" + skipped[0] + " binary or large files skipped)" : "";
        if (hits.isEmpty()) {
            return ToolResult.ok("No " + what + " under " + workspace.relativize(start) + skippedNote);
        }
        StringBuilder sb = new StringBuilder(String.join("\n", hits)).append('\n');
        sb.append(more[0]
                ? "[first " + hits.size() + " results shown; there are more: narrow the pattern or path, or raise max_results]"
                : "[" + hits.size() + " result" + (hits.size() == 1 ? "" : "s") + "]");
        sb.append(skippedNote);
        return ToolResult.ok(Texts.cap(sb.toString(), outputCap));
    }
}
