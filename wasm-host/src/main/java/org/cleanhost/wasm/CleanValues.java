package org.cleanhost.wasm;

import java.math.BigDecimal;

/** Clean's text forms of values, shared by the host imports and the reactor-bridge. Stateless. */
public final class CleanValues {
    private CleanValues() {}

    /**
     * Clean number formatting: integral values without a fraction ({@code 3}), others in plain
     * decimal with no exponent ({@code 0.1}, {@code 1250000.5}), and {@code NaN}, {@code Infinity},
     * {@code -Infinity}.
     */
    public static String formatNumber(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return Double.toString(value);
        }
        if (value == 0) {
            return "0";
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /** The inverse of {@link #formatNumber}; surrounding white space is ignored, anything unparsable is NaN. */
    public static double parseNumber(String text) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
