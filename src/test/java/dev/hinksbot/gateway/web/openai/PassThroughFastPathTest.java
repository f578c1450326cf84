package dev.hinksbot.gateway.web.openai;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PassThroughFastPathTest {
    private static Buffer json(String text) {
        return Buffer.buffer(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theTopLevelModelIsFoundWhereverItIsAndOnlyAtTheTopLevel() {
        // SDKs send the messages first: a nested "model" in them must not be taken for the request's
        assertThat(PassThroughFastPath.topLevelModel(json("{\"messages\":[{\"role\":\"user\",\"model\":\"bench\",\"content\":\"hi\"}],"
                + "\"model\":\"qwen\"}"))).isEqualTo("qwen");
        assertThat(PassThroughFastPath.topLevelModel(json("{\"model\":\"hinksbot\",\"messages\":[]}"))).isEqualTo("hinksbot");
        assertThat(PassThroughFastPath.topLevelModel(json("{\"model\":7}"))).isNull();
        assertThat(PassThroughFastPath.topLevelModel(json("{\"messages\":[]}"))).isNull();
        assertThat(PassThroughFastPath.topLevelModel(json("[\"model\"]"))).isNull();
        assertThat(PassThroughFastPath.topLevelModel(json("model=qwen"))).isNull();
    }

    @Test
    void aBodyThatIsASliceOfALargerBufferIsReadFromItsOwnBytesOnly() {
        Buffer whole = json("{\"model\":\"outer\"}{\"model\":\"inner\",\"stream\":true}");
        Buffer slice = whole.slice(17, whole.length());
        assertThat(PassThroughFastPath.topLevelModel(slice)).isEqualTo("inner");
        assertThat(PassThroughFastPath.topLevelModel(whole.slice(0, 12))).isNull(); // cut off: not JSON, the route answers 400
    }
}
