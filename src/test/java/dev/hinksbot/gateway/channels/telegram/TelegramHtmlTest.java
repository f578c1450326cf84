package dev.hinksbot.gateway.channels.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hinksbot.gateway.delivery.MessageSplitter;
import dev.hinksbot.gateway.fakes.FakeTelegram;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Markdown → Telegram HTML: rendered, escaped, always accepted by the Bot API's parser (the fake's, which is strict). */
class TelegramHtmlTest {
    @Test
    void rendersTheCommonMarkdownAndEscapesEverythingElse() {
        String html = TelegramHtml.render("# Title\n**bold** and *it* and _it2_ and ~~gone~~, `a<b>&c`\n- item\n"
                + "[site](https://example.org/?a=1&b=2) [bad](javascript:alert(1)) [q](https://x.org/\"onclick=\") <script>x</script> snake_case_name");
        assertThat(html).isEqualTo("<b>Title</b>\n<b>bold</b> and <i>it</i> and <i>it2</i> and <s>gone</s>, "
                + "<code>a&lt;b&gt;&amp;c</code>\n• item\n"
                + "<a href=\"https://example.org/?a=1&amp;b=2\">site</a> bad (javascript:alert(1)) q (https://x.org/\"onclick=\") "
                + "&lt;script&gt;x&lt;/script&gt; snake_case_name");
        assertThat(FakeTelegram.htmlText(html)).contains("<script>x</script>");
    }

    @Test
    void fencedCodeBecomesPreWithItsLanguageAndNothingInsideIsFormatted() {
        String html = TelegramHtml.render("Look:\n```python\nif a < b and c**2:\n    print(\"*x*\")\n```\ndone");
        assertThat(html).isEqualTo("Look:\n<pre><code class=\"language-python\">if a &lt; b and c**2:\n    print(\"*x*\")"
                + "</code></pre>\ndone");
        FakeTelegram.htmlText(html);
    }

    @Test
    void halfWrittenMarkdownStillRendersBalanced() {
        for (String partial : List.of("**bold not closed", "```java\nint x = 1;", "[link](https://x", "`code", "*a **b* c**",
                "<b>not a tag</b> & <i>", "_a *b_ c*")) {
            FakeTelegram.htmlText(TelegramHtml.render(partial)); // throws when Telegram would refuse it
        }
    }

    @Test
    void aLongAnswerIsSplitAtTheLimitWithTheCodeBlockClosedAndReopenedAndNothingRepeated() {
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < 400; i++) {
            code.append("line ").append(i).append(" <x> & y\n");
        }
        String markdown = "Intro text.\n\n```java\n" + code + "```\nThe end.";
        List<String> parts = MessageSplitter.splitMarkdown(markdown, 4096);
        assertThat(parts).hasSizeGreaterThan(1);
        StringBuilder visible = new StringBuilder();
        for (String part : parts) {
            assertThat(part.length()).isLessThanOrEqualTo(4096);
            String text = FakeTelegram.htmlText(TelegramHtml.render(part));
            assertThat(text.length()).isLessThanOrEqualTo(4096);
            assertThat(TelegramHtml.render(part)).contains("<pre>");
            visible.append(text);
        }
        for (int i = 0; i < 400; i++) {
            assertThat(visible.toString()).containsOnlyOnce("line " + i + " <x> & y");
        }
    }
}
