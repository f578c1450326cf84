package dev.hinksbot.gateway.tools;

/** What a tool returns to the model: its output text, or an error the model can read and act on. */
public record ToolResult(boolean success, String output, String error) {
    public static ToolResult ok(String output) {
        return new ToolResult(true, output, null);
    }

    public static ToolResult failure(String error) {
        return new ToolResult(false, null, error);
    }

    /** The text fed back to the model as the tool message. */
    public String modelText() {
        return success ? output : "Error: " + error;
    }
}
