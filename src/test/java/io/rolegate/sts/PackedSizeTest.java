package io.rolegate.sts;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PackedSizeTest {
    @Test
    void nothingPackedIsZeroAndItGrowsWithContent() {
        assertEquals(0, PackedSize.percent(null, List.of(), Map.of()));
        int small = PackedSize.percent("{\"Version\":\"2012-10-17\",\"Statement\":[]}", List.of(), Map.of("k", "v"));
        assertTrue(small > 0 && small < 5, "" + small);
        Map<String, String> many = new LinkedHashMap<>();
        java.util.Random r = new java.util.Random(7);
        for (int i = 0; i < 50; i++) {
            StringBuilder v = new StringBuilder();
            for (int j = 0; j < 256; j++) {
                v.append((char) ('a' + r.nextInt(26)));
            }
            many.put("key" + i, v.toString());
        }
        assertTrue(PackedSize.percent(null, List.of(), many) > 100, "50 random 256-char values exceed the budget");
        assertEquals(PackedSize.percent(null, List.of(), many), PackedSize.percent(null, List.of(), many), "deterministic");
    }
}
