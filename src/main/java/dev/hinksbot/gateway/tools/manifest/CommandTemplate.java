package dev.hinksbot.gateway.tools.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.tools.ToolArgumentException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A manifest's {@code command:} with its {{param}} placeholders, checked when the manifest loads so that a model's
 * value is always exactly one shell word that cannot become an option:
 * <ul>
 *   <li>each value is single-quoted ({@link ShellQuote}), so it cannot end the word or start a command;</li>
 *   <li>a placeholder may not sit inside quotes, backticks or after a backslash or {@code $} in the template — there
 *       its quoting would be undone ({@code 'wc {{path}}'} lets a value close the quote);</li>
 *   <li>a placeholder may not be the command itself;</li>
 *   <li>a value that starts a word ({@code wc -w {{path}}}) and begins with '-' is refused at call time, because
 *       the command would read it as an option ({@code --files0-from=/proc/1/environ}); a manifest may accept such
 *       values with {@code allow_dash: true}, and only when a {@code --} word comes before each such placeholder.</li>
 * </ul>
 */
final class CommandTemplate {
    static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_-]+)\\s*\\}\\}");
    private static final Pattern END_OF_OPTIONS = Pattern.compile("(?:^|\\s)--(?:\\s|$)");

    /** One placeholder: its parameter, where it is, and whether its value starts a shell word. */
    private record Slot(String name, int start, int end, boolean startsWord) {
    }

    private final String template;
    private final List<Slot> slots;
    private final boolean allowDash;

    private CommandTemplate(String template, List<Slot> slots, boolean allowDash) {
        this.template = template;
        this.slots = slots;
        this.allowDash = allowDash;
    }

    /** The checked template, or null with one line per problem added to {@code problems}. */
    static CommandTemplate parse(String template, Set<String> declared, boolean allowDash, List<String> problems) {
        int before = problems.size();
        char[] state = lexStates(template);
        List<Slot> slots = new ArrayList<>();
        Set<String> reported = new HashSet<>();
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            String name = m.group(1);
            if (!declared.contains(name) && reported.add(name)) {
                problems.add("placeholder {{" + name + "}} is not a declared parameter");
            }
            char s = state[m.start()];
            char prev = m.start() == 0 ? ' ' : template.charAt(m.start() - 1);
            if (s != ' ' || prev == '$') {
                problems.add("placeholder {{" + name + "}} must not be quoted in the command (nor inside backticks or "
                        + "after \\ or $): values are shell-quoted automatically, write it bare");
                continue;
            }
            String segment = currentSegment(template, state, m.start());
            if (segment.isBlank()) {
                problems.add("placeholder {{" + name + "}} must not be the command itself: a value is an argument");
                continue;
            }
            boolean startsWord = Character.isWhitespace(prev) || "(;|&".indexOf(prev) >= 0
                    || (!slots.isEmpty() && slots.get(slots.size() - 1).end() == m.start() && slots.get(slots.size() - 1).startsWord());
            if (startsWord && allowDash && !END_OF_OPTIONS.matcher(segment).find()) {
                problems.add("allow_dash needs a '--' word before {{" + name + "}} in the command, so the program "
                        + "reads a value starting with '-' as a name, not an option");
            }
            slots.add(new Slot(name, m.start(), m.end(), startsWord));
        }
        if (PLACEHOLDER.matcher(template).replaceAll("").contains("{{")) {
            problems.add("malformed placeholder in command: use {{param_name}}");
        }
        return problems.size() > before ? null : new CommandTemplate(template, List.copyOf(slots), allowDash);
    }

    /** The command line with each placeholder replaced by its value as one quoted word. */
    String expand(JsonNode args) throws ToolArgumentException {
        StringBuilder sb = new StringBuilder();
        int at = 0;
        for (Slot slot : slots) {
            JsonNode v = args.get(slot.name());
            String text = v == null || v.isNull() ? "" : v.isValueNode() ? v.asText() : v.toString();
            if (slot.startsWord() && !allowDash && text.startsWith("-")) {
                throw new ToolArgumentException("argument '" + slot.name() + "' must not start with '-'");
            }
            sb.append(template, at, slot.start()).append(ShellQuote.quote(text));
            at = slot.end();
        }
        return sb.append(template.substring(at)).toString();
    }

    /**
     * The quoting state before each character: ' ' unquoted, '\'' in single quotes, '"' in double quotes, '`' in
     * backticks, '\\' escaped by a backslash.
     */
    private static char[] lexStates(String t) {
        char[] states = new char[t.length() + 1];
        char state = ' ';
        boolean escaped = false;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            states[i] = escaped ? '\\' : state;
            if (escaped) {
                escaped = false;
            } else if (state == '\'') {
                state = c == '\'' ? ' ' : state;
            } else if (c == '\\') {
                escaped = true;
            } else if (state == '"') {
                state = c == '"' ? ' ' : state;
            } else if (state == '`') {
                state = c == '`' ? ' ' : state;
            } else if (c == '\'' || c == '"' || c == '`') {
                state = c;
            }
        }
        states[t.length()] = state;
        return states;
    }

    /** The template text of the simple command the position is in, up to the position. */
    private static String currentSegment(String t, char[] state, int pos) {
        int from = 0;
        for (int i = 0; i < pos; i++) {
            if (state[i] == ' ' && ";|&\n(".indexOf(t.charAt(i)) >= 0) {
                from = i + 1;
            }
        }
        return t.substring(from, pos);
    }
}
