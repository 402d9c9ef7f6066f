package io.omnihub.app.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnihub.connector.support.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonDiffTest {

    static JsonNode j(String s) throws Exception {
        return Json.mapper().readTree(s);
    }

    @Test
    void reportsChangedAddedAndRemovedPathsWithoutValues() throws Exception {
        JsonNode a = j("{\"id\":\"x\",\"data\":{\"note\":\"old\",\"lines\":[{\"sku\":\"A\",\"q\":1},{\"sku\":\"B\"}],\"gone\":true}}");
        JsonNode b = j("{\"id\":\"x\",\"data\":{\"note\":\"new\",\"lines\":[{\"sku\":\"A\",\"q\":1.0},{\"sku\":\"C\"},{\"sku\":\"D\"}],"
                + "\"added\":{\"k\":1},\"a/b~c\":1}}");
        List<String> paths = JsonDiff.changedPaths(a, b);
        assertThat(paths).containsExactly("/data/a~1b~0c", "/data/added", "/data/gone", "/data/lines/1/sku",
                "/data/lines/2", "/data/note");
        assertThat(String.join(" ", paths)).doesNotContain("new").doesNotContain("old");
    }

    @Test
    void identicalDocumentsHaveNoChangesAndATypeChangeIsOnePath() throws Exception {
        assertThat(JsonDiff.changedPaths(j("{\"a\":[1,2],\"b\":null}"), j("{\"b\":null,\"a\":[1,2]}"))).isEmpty();
        assertThat(JsonDiff.changedPaths(j("{\"a\":{\"x\":1}}"), j("{\"a\":[1]}"))).containsExactly("/a");
        assertThat(JsonDiff.changedPaths(j("{\"a\":1}"), j("[1]"))).containsExactly("");
        assertThat(JsonDiff.changedPaths(j("{\"a\":null}"), j("{}"))).containsExactly("/a");
    }

    @Test
    void summaryCutsLongListsAndNamesTheRoot() {
        assertThat(JsonDiff.summary(List.of("/a", "/b", "/c"), 2)).isEqualTo("/a, /b (+1 more)");
        assertThat(JsonDiff.summary(List.of(""), 5)).isEqualTo("(whole body)");
        assertThat(JsonDiff.summary(List.of(), 5)).isEqualTo("nothing");
    }
}
