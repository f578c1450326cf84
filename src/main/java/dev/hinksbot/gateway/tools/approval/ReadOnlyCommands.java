package dev.hinksbot.gateway.tools.approval;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Decides whether a shell command line is one the gateway can show to be read-only, so that under
 * {@code gateway.tools.approvals=dangerous} it runs without asking. It is an allowlist, never a denylist: the command
 * line is tokenized conservatively, and anything it cannot read with certainty — an expansion ({@code $},
 * backticks), a quote inside a word ({@code r''m}), a backslash, a redirection that writes, a background job, a
 * command not on the list, an option that writes or runs a program — makes the command ask. A wrong "ask" costs a
 * click; a wrong "harmless" is what a hostile model looks for.
 */
public final class ReadOnlyCommands {
    /** Characters that may appear unquoted in a word; everything else ({@code $ ` \ ( ) { } ! # ~ ' "} …) asks. */
    private static final String PLAIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./:=+,@%^-*?[]";
    /** The only redirections allowed: they discard or merge what would have been shown anyway. */
    private static final List<String> SAFE_REDIRECTIONS = List.of("2>/dev/null", "2>&1");

    private static final Function<List<String>, Optional<String>> ANY_ARGS = args -> Optional.empty();

    /** The read-only commands, each with what in its arguments would make it write or run something. */
    private static final Map<String, Function<List<String>, Optional<String>>> COMMANDS = Map.ofEntries(
            Map.entry("ls", ANY_ARGS), Map.entry("cat", ANY_ARGS), Map.entry("head", ANY_ARGS),
            Map.entry("tail", ANY_ARGS), Map.entry("wc", ANY_ARGS), Map.entry("grep", ANY_ARGS),
            Map.entry("echo", ANY_ARGS), Map.entry("pwd", ANY_ARGS), Map.entry("stat", ANY_ARGS),
            Map.entry("du", ANY_ARGS), Map.entry("df", ANY_ARGS), Map.entry("diff", ANY_ARGS),
            Map.entry("which", ANY_ARGS), Map.entry("basename", ANY_ARGS), Map.entry("dirname", ANY_ARGS),
            Map.entry("realpath", ANY_ARGS), Map.entry("true", ANY_ARGS), Map.entry("nl", ANY_ARGS),
            Map.entry("id", ANY_ARGS), Map.entry("whoami", ANY_ARGS), Map.entry("uname", ANY_ARGS),
            Map.entry("find", ReadOnlyCommands::findArgs),
            Map.entry("date", options("date", "s", "--set")),
            Map.entry("file", options("file", "C", "--compile")),
            Map.entry("sort", options("sort", "oT", "--output", "--compress-program", "--temporary-directory")),
            Map.entry("tree", options("tree", "oR", "--output")),
            Map.entry("uniq", ReadOnlyCommands::uniqArgs));

    private static final Set<String> FIND_ACTIONS = Set.of("-exec", "-execdir", "-ok", "-okdir", "-delete");

    private ReadOnlyCommands() {
    }

    /** Why the command needs a person's approval, or empty when it is provably read-only. */
    public static Optional<String> reasonToAsk(String command) {
        if (command == null || command.isBlank()) {
            return Optional.empty(); // nothing runs
        }
        Parsed parsed = parse(command);
        if (parsed.problem() != null) {
            return Optional.of(parsed.problem());
        }
        for (List<Word> segment : parsed.segments()) {
            if (segment.isEmpty()) {
                return Optional.of("the command line has an empty part around ';', '|', '&&' or '||'");
            }
            Word name = segment.get(0);
            Function<List<String>, Optional<String>> rule = name.quoted() ? null : COMMANDS.get(name.text());
            if (rule == null) {
                return Optional.of("'" + name.text() + "' is not one of the read-only commands that run unasked");
            }
            Optional<String> args = rule.apply(segment.subList(1, segment.size()).stream().map(Word::text).toList());
            if (args.isPresent()) {
                return args;
            }
        }
        return Optional.empty();
    }

    private record Word(String text, boolean quoted) {
    }

    /** Simple commands between ';', '|', '&&' and '||' (all must be read-only), or why the line cannot be read. */
    private record Parsed(List<List<Word>> segments, String problem) {
        static Parsed fail(String problem) {
            return new Parsed(List.of(), problem);
        }
    }

    private static Parsed parse(String s) {
        List<List<Word>> segments = new ArrayList<>();
        List<Word> current = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\t') {
                flush(word, current);
                i++;
            } else if (c == ';' || c == '|' || c == '&') {
                flush(word, current);
                boolean doubled = i + 1 < s.length() && s.charAt(i + 1) == c;
                if (c == '&' && !doubled) {
                    return Parsed.fail("it starts a background job (&)");
                }
                if (c == ';' && doubled) {
                    return Parsed.fail("the command line has an empty part around ';'");
                }
                segments.add(current);
                current = new ArrayList<>();
                i += doubled ? 2 : 1;
            } else if (c == '\'' || c == '"') {
                if (word.length() > 0) {
                    return Parsed.fail("it has a quote inside a word, which hides what the word is");
                }
                int end = s.indexOf(c, i + 1);
                if (end < 0) {
                    return Parsed.fail("it has an unclosed quote");
                }
                String inner = s.substring(i + 1, end);
                if (c == '"' && inner.chars().anyMatch(ch -> ch == '$' || ch == '`' || ch == '\\' || ch == '!')) {
                    return Parsed.fail("it uses a shell expansion ($, backticks or \\) inside double quotes");
                }
                if (end + 1 < s.length() && !isBoundary(s.charAt(end + 1))) {
                    return Parsed.fail("it has a quote inside a word, which hides what the word is");
                }
                current.add(new Word(inner, true));
                i = end + 1;
            } else if (c == '>' || c == '<') {
                String redirection = safeRedirection(s, i, word);
                if (redirection == null) {
                    return Parsed.fail("it redirects input or output to a file (only 2>/dev/null and 2>&1 run unasked)");
                }
                word.setLength(0);
                i += redirection.length() - 1; // the "2" was already read into the word
            } else if (c == '$' || c == '`') {
                return Parsed.fail("it uses a shell expansion ($, ${…}, $(…) or backticks), so what runs is not what is shown");
            } else if (c == '\\') {
                return Parsed.fail("it uses a backslash escape, which can hide what a word is");
            } else if (PLAIN.indexOf(c) < 0) {
                return Parsed.fail("it uses '" + printable(c) + "', which the gateway does not read as plain text");
            } else {
                word.append(c);
                i++;
            }
        }
        flush(word, current);
        segments.add(current);
        for (List<Word> segment : segments) {
            for (Word w : segment) {
                if (!w.quoted() && !w.text().isEmpty() && "*?[".indexOf(w.text().charAt(0)) >= 0) {
                    return Parsed.fail("a pattern at the start of a word (" + w.text() + ") can expand to a file name "
                            + "that reads as an option; write ./" + w.text() + " instead");
                }
            }
        }
        return new Parsed(segments, null);
    }

    private static boolean isBoundary(char c) {
        return c == ' ' || c == '\t' || c == ';' || c == '|' || c == '&';
    }

    /** The allowed redirection starting with the word so far ("2") at {@code i}, or null. */
    private static String safeRedirection(String s, int i, StringBuilder word) {
        if (!word.toString().equals("2")) {
            return null;
        }
        for (String r : SAFE_REDIRECTIONS) {
            int end = i - 1 + r.length();
            if (s.startsWith(r, i - 1) && (end == s.length() || isBoundary(s.charAt(end)))) {
                return r;
            }
        }
        return null;
    }

    private static void flush(StringBuilder word, List<Word> current) {
        if (word.length() > 0) {
            current.add(new Word(word.toString(), false));
            word.setLength(0);
        }
    }

    private static String printable(char c) {
        return c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }

    /**
     * Refuses the given short option letters (also inside a cluster like -uo) and long options, including GNU's
     * unambiguous abbreviations (--out for --output).
     */
    private static Function<List<String>, Optional<String>> options(String command, String shortLetters, String... longOptions) {
        return args -> {
            for (String a : args) {
                if (a.startsWith("--") && a.length() > 2) {
                    String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
                    for (String forbidden : longOptions) {
                        if (forbidden.startsWith(name)) {
                            return Optional.of(command + " " + forbidden + " writes files or runs a program");
                        }
                    }
                } else if (a.startsWith("-") && a.length() > 1 && !a.startsWith("--")) {
                    for (char letter : a.substring(1).toCharArray()) {
                        if (shortLetters.indexOf(letter) >= 0) {
                            return Optional.of(command + " -" + letter + " writes files or changes the system");
                        }
                    }
                }
            }
            return Optional.empty();
        };
    }

    private static Optional<String> findArgs(List<String> args) {
        for (String a : args) {
            if (FIND_ACTIONS.contains(a) || a.startsWith("-fprint") || a.equals("-fls")) {
                return Optional.of("find " + a + " deletes, writes or runs commands");
            }
        }
        return Optional.empty();
    }

    /** uniq's second operand is an output file. */
    private static Optional<String> uniqArgs(List<String> args) {
        long operands = args.stream().filter(a -> !a.startsWith("-") || a.equals("-")).count();
        return operands > 1 ? Optional.of("uniq with two file names writes the second one") : Optional.empty();
    }
}
