package dev.hinksbot.gateway.tools.approval;

import java.util.Locale;

/** gateway.tools.approvals: which shell and command tool calls wait for a person before they run. */
public enum ApprovalMode {
    /** Every run_shell call and every manifest command tool call asks. */
    ALWAYS,
    /** run_shell asks unless {@link ReadOnlyCommands} can show the command only reads; manifest commands run unasked. */
    DANGEROUS,
    /** Nothing asks. */
    OFF;

    public static ApprovalMode parse(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }

    public String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
