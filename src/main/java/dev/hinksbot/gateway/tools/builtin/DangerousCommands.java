package dev.hinksbot.gateway.tools.builtin;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Shell command lines that need a human's approval before run_shell runs them: what destroys data beyond an easy
 * undo, escalates privileges, or runs code fetched from the network. The workspace confinement still applies to
 * approved commands; this is the second line, for mistakes a model makes inside the workspace.
 */
final class DangerousCommands {
    private record Rule(Pattern pattern, String reason) {
    }

    // Word boundaries use (^|[;&|(`\s]) so "farm -rf" or "--format" do not match; flags may be combined (-rf, -fr, -Rf).
    private static final String START = "(?:^|[;&|(`$]\\s*|\\s)";
    private static final List<Rule> RULES = List.of(
            rule(START + "rm\\s+(?:-[a-zA-Z]*[rR][a-zA-Z]*|--recursive)\\b", "recursive delete (rm -r)"),
            rule(START + "(?:sudo|su|doas)\\s", "runs with elevated privileges"),
            rule(START + "mkfs(?:\\.\\w+)?\\s", "formats a file system"),
            rule(START + "dd\\s+[^|;&]*\\bof=", "writes raw data with dd"),
            rule(">\\s*/dev/(?:sd|nvme|hd|vd|mmcblk)", "writes to a block device"),
            rule(START + "(?:shutdown|reboot|halt|poweroff)\\b", "shuts down or reboots the machine"),
            rule(START + "chmod\\s+(?:-[a-zA-Z]*R[a-zA-Z]*\\s+)?(?:0?777|a\\+rwx)\\b", "makes files writable by everyone"),
            rule(START + "(?:chown|chmod)\\s+-[a-zA-Z]*R", "recursive ownership or permission change"),
            rule("(?:curl|wget)\\b[^|;&]*\\|\\s*(?:sudo\\s+)?(?:ba|z|da|k)?sh\\b", "runs a script downloaded from the network"),
            rule(START + "git\\s+push\\b[^;&|]*(?:--force\\b|\\s-f\\b|--force-with-lease)", "force-pushes git history"),
            rule(START + "git\\s+reset\\s+--hard\\b", "discards uncommitted git changes"),
            rule(START + "git\\s+clean\\s+-[a-zA-Z]*f", "deletes untracked files (git clean -f)"),
            rule(START + "find\\b[^;&|]*\\s-delete\\b", "deletes files found by find"),
            rule(START + "xargs\\s+(?:-\\S+\\s+)*rm\\b", "deletes a list of files (xargs rm)"),
            rule(START + "(?:kill|pkill|killall)\\s+(?:-9\\s+)?-1\\b", "kills every process"),
            rule(":\\(\\)\\s*\\{\\s*:\\|:&\\s*\\};:", "fork bomb"));

    private DangerousCommands() {
    }

    private static Rule rule(String regex, String reason) {
        return new Rule(Pattern.compile(regex), reason);
    }

    /** Why {@code command} needs approval, or empty when it may run unasked. */
    static Optional<String> reason(String command) {
        if (command == null) {
            return Optional.empty();
        }
        for (Rule r : RULES) {
            if (r.pattern().matcher(command).find()) {
                return Optional.of(r.reason());
            }
        }
        return Optional.empty();
    }
}
