package dev.hinksbot.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class JsonMediaTypeTest {
    @Test
    void exactlyApplicationJsonWithAnOptionalUtf8Charset() {
        for (String type : List.of("application/json", "Application/JSON", "application/json; charset=utf-8",
                "application/json;charset=UTF-8", "application/json; charset=\"utf-8\"", "application/json;")) {
            assertThat(JsonMediaType.refuse(type)).as(type).isEmpty();
        }
    }

    @Test
    void whatAForeignPageSendsToAvoidAPreflightIsRefused() {
        for (String type : List.of("text/plain", "text/plain; x=json", "text/plain;charset=UTF-8; application/json",
                "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonp",
                "application/json-patch+json", "application/json; charset=bogus", "application/json; charset=utf-16",
                "application/json; x=1", "")) {
            assertThat(JsonMediaType.refuse(type)).as(type).isPresent();
        }
        assertThat(JsonMediaType.refuse(null)).isPresent();
    }
}
