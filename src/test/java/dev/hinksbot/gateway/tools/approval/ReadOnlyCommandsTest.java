package dev.hinksbot.gateway.tools.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Under gateway.tools.approvals=dangerous a command runs unasked only when the gateway can show it is read-only;
 * the attacks are the ways a denylist was fooled (quotes, expansions, interpreters, long options, pipes into a shell).
 */
class ReadOnlyCommandsTest {
    @ParameterizedTest
    @ValueSource(strings = {
            // the brief's attacks
            "rm -f -r d", "/bin/rm -rf d", "r''m -rf d", "\\rm -rf d", "$(echo rm) -rf d", "X=rm; $X -rf d",
            "rm${IFS}-rf d", "rm --force --recursive d", "echo \"rm -rf d\" | sh", "echo cm0gLXJmIGQ= | base64 -d | sh",
            "python3 -c \"import shutil; shutil.rmtree('d')\"", "perl -MFile::Path -e 'rmtree(\"d\")'", "find . -delete",
            "ls > x",
            // more of the same family
            "ls >> x", "ls>x", "cat < /etc/passwd", "ls && rm -rf d", "ls || rm -rf d", "ls; rm -rf d", "ls;rm -rf d",
            "ls & rm -rf d", "ls | xargs rm", "cat x | bash", "ls `rm -rf d`", "ls \"$(rm -rf d)\"", "ls '$HOME' \"$HOME\"",
            "./ls", "ls\nrm -rf d", "find . -exec rm {} ;", "find . -execdir rm {} +", "find . -ok rm {} ;",
            "find . -fprint out", "find . -fprintf out %p", "find . -fls out", "sort -o out in", "sort --output=out in",
            "sort --out=out in", "sort --compress-program=sh in", "sort --comp=sh in", "uniq in out", "tree -o out",
            "date -s 2020-01-01", "date --set=2020-01-01", "file -C -m magic", "ls *", "cat *.txt", "wc -l ?x",
            "ls 'a'b", "ls a'b'", "ls \"a\"b", "LD_PRELOAD=x ls", "ls # rm -rf d", "ls !x", "ls {a,b}", "ls ~",
            "(rm -rf d)", "ls |", "| ls", "ls ;; ls", "env rm -rf d", "sh -c ls", "awk 'BEGIN{system(\"rm -rf d\")}'",
            "sed -i s/a/b/ f", "git status", "xargs", "tee x", "cp a b", "mv a b", "chmod 777 x", "curl http://x",
            "echo ok 1>&2", "ls 2> err", "ls -la\r"})
    void asks(String command) {
        assertThat(ReadOnlyCommands.reasonToAsk(command)).as(command).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "ls -la", "cat notes.txt | grep foo | head", "wc -l a.txt", "ls", "pwd", "date", "date -u +%Y-%m-%d",
            "ls -la && echo done", "grep -rn \"foo bar\" src | sort | uniq -c | sort -rn | head -n 20",
            "find . -name '*.java' -type f", "find src -maxdepth 2 -name \"*.md\" 2>/dev/null", "du -sh .", "df -h",
            "stat a.txt", "file a.txt", "diff a.txt b.txt", "tree -L 2", "which ls", "head -c 100 a.txt; tail -n 5 a.txt",
            "echo hello world", "ls src/*.java", "ls ./*.txt", "sort -t, -k2 data.csv", "uniq -c sorted.txt",
            "grep -c x a.txt || echo none", "ls -la 2>&1 | head", "wc --files0-from=list.txt"})
    void runsUnasked(String command) {
        assertThat(ReadOnlyCommands.reasonToAsk(command)).as(command).isEmpty();
    }

    @Test
    void reasonsSayWhatWasSeen() {
        assertThat(ReadOnlyCommands.reasonToAsk("rm -rf d")).get().asString().contains("rm");
        assertThat(ReadOnlyCommands.reasonToAsk("ls $(rm -rf d)")).get().asString().contains("expansion");
        assertThat(ReadOnlyCommands.reasonToAsk("ls > x")).get().asString().contains("redirect");
        assertThat(ReadOnlyCommands.reasonToAsk("echo x | sh")).get().asString().contains("sh");
        assertThat(ReadOnlyCommands.reasonToAsk("find . -delete")).get().asString().contains("-delete");
    }

    @Test
    void policyModes() {
        CommandApprovals always = new CommandApprovals(ApprovalMode.ALWAYS);
        CommandApprovals dangerous = new CommandApprovals(ApprovalMode.DANGEROUS);
        CommandApprovals off = new CommandApprovals(ApprovalMode.OFF);
        assertThat(always.shell("ls")).isPresent();
        assertThat(always.commandTool("word_count")).isPresent();
        assertThat(dangerous.shell("ls")).isEmpty();
        assertThat(dangerous.shell("rm -rf d")).isPresent();
        assertThat(dangerous.commandTool("word_count")).isEmpty();
        assertThat(off.shell("rm -rf d")).isEqualTo(Optional.empty());
        assertThat(off.commandTool("word_count")).isEmpty();
        assertThat(ApprovalMode.parse("always")).isEqualTo(ApprovalMode.ALWAYS);
    }
}
