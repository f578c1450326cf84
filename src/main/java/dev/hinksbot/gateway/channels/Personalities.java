package dev.hinksbot.gateway.channels;

import java.util.LinkedHashMap;
import java.util.Map;

/** Personalities for {@code /personality}: a line added to the default system prompt. */
public final class Personalities {
    public static final Map<String, String> BUILT_IN;

    static {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("default", "");
        m.put("concise", "Answer as briefly as possible: short sentences, no preamble.");
        m.put("teacher", "Explain step by step, like a patient teacher, and check understanding with a question at the end.");
        m.put("technical", "Be precise and technical; prefer exact commands, code and numbers over prose.");
        m.put("creative", "Be playful and imaginative; offer unusual ideas and vivid language.");
        BUILT_IN = Map.copyOf(m);
    }

    private Personalities() {
    }

    public static String prompt(String basePrompt, String name) {
        String extra = BUILT_IN.get(name);
        return extra == null || extra.isEmpty() ? basePrompt : basePrompt + "\n\n" + extra;
    }

    public static String names() {
        return String.join(", ", new java.util.TreeSet<>(BUILT_IN.keySet()));
    }
}
