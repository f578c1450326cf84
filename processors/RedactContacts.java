import dev.hinksbot.gateway.chat.InboundMessage;
import java.util.regex.Pattern;
import org.apache.camel.BindToRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * An example user processor: replaces e-mail addresses and phone numbers in an inbound chat message with placeholders
 * before the agent (and the store) sees them. Camel compiles this file at start (camel-java-joor-dsl) and binds it as
 * bean {@code redactContacts}; put it to work by adding a step to routes/inbound.yaml, after authorize:
 *
 * <pre>
 *         - process:
 *             ref: redactContacts
 * </pre>
 *
 * A processor of your own works the same way: a public class with a no-argument constructor, annotated
 * {@code @BindToRegistry("name")}, in a .java file here (no package), then {@code ref: name} in a route.
 */
@BindToRegistry("redactContacts")
public class RedactContacts implements Processor {
    private static final Pattern EMAIL = Pattern.compile("[\\w.+-]+@[\\w-]+(\\.[\\w-]+)+");
    /** International or local numbers of 7+ digits, with spaces, dots, dashes or parentheses between groups. */
    private static final Pattern PHONE = Pattern.compile("(?<![\\w+])\\+?\\d(?:[\\s.\\-()]*\\d){6,14}(?!\\w)");

    @Override
    public void process(Exchange exchange) {
        InboundMessage m = exchange.getIn().getBody(InboundMessage.class);
        if (m != null) {
            exchange.getIn().setBody(m.withText(redact(m.text())));
        }
    }

    public static String redact(String text) {
        String out = EMAIL.matcher(text).replaceAll("[email]");
        return PHONE.matcher(out).replaceAll("[phone]");
    }
}
