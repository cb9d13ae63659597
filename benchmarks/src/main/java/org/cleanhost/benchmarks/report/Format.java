package org.cleanhost.benchmarks.report;

import java.util.Locale;

/** Number formatting for the report: three significant digits, durations with a unit that fits. */
final class Format {
    private Format() {}

    static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        double a = Math.abs(v);
        if (a >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }

    /** A duration given in nanoseconds, in ns, µs, ms or s. */
    static String nanos(double ns) {
        double a = Math.abs(ns);
        if (a >= 1e9) {
            return number(ns / 1e9) + " s";
        }
        if (a >= 1e6) {
            return number(ns / 1e6) + " ms";
        }
        if (a >= 1e3) {
            return number(ns / 1e3) + " µs";
        }
        return number(ns) + " ns";
    }
}
