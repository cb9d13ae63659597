package org.cleanhost.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Edge cases of the portable imports' semantics (docs/abi.md), on the helpers the imports use. */
class ImportSemanticsTest {

    @Test
    void splitKeepsEmptyPartsAndSplitsIntoCharactersOnAnEmptyDelimiter() {
        assertEquals(List.of(""), StringImports.split("", ","));
        assertEquals(List.of("a", "", "b"), StringImports.split("a,,b", ","));
        assertEquals(List.of("", "x", ""), StringImports.split("::x::", "::"));
        assertEquals(List.of("a", "é", "😀"), StringImports.split("aé😀", ""));
    }

    @Test
    void compareIsCodePointOrderLikeUtf8Bytes() {
        assertEquals(0, StringImports.compare("same", "same"));
        assertEquals(-1, StringImports.compare("apple", "banana"));
        assertEquals(1, StringImports.compare("b", "a"));
        assertEquals(-1, StringImports.compare("ab", "abc"));
        assertEquals(1, StringImports.compare("é", "z"));
        assertEquals(1, StringImports.compare("😀", "\uFFFF"), "a supplementary code point sorts after U+FFFF (UTF-16 order would not)");
    }

    @Test
    void trimAndCaseFollowTheCompilersInModuleCode() {
        assertEquals("x", StringImports.trim("\t\n x \r", true, true));
        assertEquals("x \r", StringImports.trim("\t\n x \r", true, false));
        assertEquals("\u00A0x", StringImports.trim("\u00A0x", true, true), "only space, tab, CR and LF are trimmed");
        assertEquals("STRAßE é", StringImports.asciiCase("straße é", true));
        assertEquals("straße É", StringImports.asciiCase("STRAßE É", false));
        assertEquals("&lt;&gt;&amp;&quot;&#39;x", StringImports.htmlEscape("<>&\"'x"));
    }

    @Test
    void roundHalvesAwayFromZeroAndLog2IsExactForPowersOfTwo() {
        assertEquals(-3.0, MathImports.round(-2.5));
        assertEquals(3.0, MathImports.round(2.5));
        assertEquals(0.0, MathImports.round(0.49999999999999994));
        assertEquals(-0.0, MathImports.round(-0.4));
        assertEquals(1e300, MathImports.round(1e300));
        assertEquals(Double.NaN, MathImports.round(Double.NaN));
        assertEquals(10.0, MathImports.log2(1024));
        assertEquals(-1074.0, MathImports.log2(Double.MIN_VALUE), 1e-9);
        assertEquals(Math.log(3) / Math.log(2), MathImports.log2(3));
    }

    @Test
    void localeFormatting() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Locale de = LocaleImports.locale("test", "de");
        assertEquals("1.299,99", LocaleImports.formatNumber("test", 1299.99, de, json.readTree("{}")));
        assertEquals("1299,990", LocaleImports.formatNumber("test", 1299.99, de, json.readTree("{\"decimals\":3,\"useGrouping\":false}")));
        assertEquals("3", LocaleImports.formatNumber("test", 2.5, Locale.ENGLISH, json.readTree("{\"decimals\":0}")), "halves away from zero");
        assertEquals("$1,299.99", LocaleImports.formatCurrency("test", 1299.99, "USD", LocaleImports.locale("test", "en_US")));
        assertEquals("Thursday, January 1, 2026", LocaleImports.formatDate("test", 1767225600000.0, "full", LocaleImports.locale("test", "en-US")));
    }
}
