package dev.hinksbot.gateway.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ToolRegistryTest {
    private static Tool tool(String name, String... groups) {
        return Tools.builder(name).description("test tool " + name).group(groups)
                .handler((a, c) -> ToolResult.ok(name)).build();
    }

    private static List<String> names(List<Tool> tools) {
        return tools.stream().map(t -> t.spec().name()).toList();
    }

    @Test
    void listsSortedAndGroupsAndSelects() {
        ToolRegistry reg = new ToolRegistry();
        reg.register(tool("run_shell", "terminal", "shell"));
        reg.register(tool("file_write", "file", "write"));
        reg.register(tool("file_read", "file", "read"));

        assertThat(reg.list()).extracting(ToolSpec::name).containsExactly("file_read", "file_write", "run_shell");
        assertThat(reg.list("file")).extracting(ToolSpec::name).containsExactly("file_read", "file_write");
        assertThat(reg.groups()).containsEntry("file", List.of("file_read", "file_write"))
                .containsEntry("terminal", List.of("run_shell"))
                .containsOnlyKeys("file", "read", "write", "terminal", "shell");

        assertThat(names(reg.select(List.of("file", "run_shell")))).containsExactly("file_read", "file_write", "run_shell");
        assertThat(names(reg.select(List.of("read", "no_such_thing")))).containsExactly("file_read");
        assertThat(names(reg.select(List.of("all")))).hasSize(3);
        assertThat(reg.select(List.of())).isEmpty();
    }

    @Test
    void registerReplacesAndUnregisterRemoves() throws Exception {
        ToolRegistry reg = new ToolRegistry();
        reg.register(tool("x", "a"));
        reg.register(tool("x", "b"));
        assertThat(reg.list()).hasSize(1);
        assertThat(reg.groups()).containsOnlyKeys("b");
        reg.unregister("x");
        assertThat(reg.find("x")).isEmpty();
    }

    @Test
    void builtToolsValidateArgumentsAndNameTheCulprit() throws Exception {
        Tool t = Tools.builder("echo").description("echo")
                .param("text", "string", "what to echo", true)
                .param("times", "integer", "how often", false)
                .handler((a, c) -> ToolResult.ok(Args.string(a, "text").repeat((int) Args.integer(a, "times", 1))))
                .build();
        ToolContext ctx = ToolContext.detached();

        ToolResult missing = t.execute(TestSupport.json("{}"), ctx);
        assertThat(missing.success()).isFalse();
        assertThat(missing.error()).contains("'text'").contains("missing");

        ToolResult wrongType = t.execute(TestSupport.json("{\"text\":\"a\",\"times\":\"lots\"}"), ctx);
        assertThat(wrongType.success()).isFalse();
        assertThat(wrongType.error()).contains("'times'").contains("integer");

        assertThat(t.execute(TestSupport.json("{\"text\":\"ab\",\"times\":\"2\"}"), ctx).output()).isEqualTo("abab");
        // some models send the arguments as a JSON string
        assertThat(t.execute(TestSupport.json("\"{\\\"text\\\":\\\"z\\\"}\""), ctx).output()).isEqualTo("z");
        assertThat(t.spec().openAiSchema().path("function").path("parameters").path("required").get(0).asText())
                .isEqualTo("text");
    }
}
