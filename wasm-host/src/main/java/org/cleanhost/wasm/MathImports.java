package org.cleanhost.wasm;

import static org.cleanhost.wasm.ValueKind.F64;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * The {@code math_*} imports of the cln 0.33 registry (any {@code math.*} call or {@code ^} imports the whole
 * set). IEEE 754 double semantics as {@link Math}; docs/abi.md, "Math imports", states where Clean's hosts
 * could differ ({@code round}, {@code sign}, {@code min}/{@code max} with NaN).
 */
final class MathImports {
    private MathImports() {}

    static List<ImportSpec> specs() {
        List<ImportSpec> specs = new ArrayList<>();
        unary(specs, "sin", "sine (radians)", Math::sin);
        unary(specs, "cos", "cosine (radians)", Math::cos);
        unary(specs, "tan", "tangent (radians)", Math::tan);
        unary(specs, "asin", "arc sine", Math::asin);
        unary(specs, "acos", "arc cosine", Math::acos);
        unary(specs, "atan", "arc tangent", Math::atan);
        binary(specs, "atan2", "atan2(y, x)", Math::atan2);
        unary(specs, "sinh", "hyperbolic sine", Math::sinh);
        unary(specs, "cosh", "hyperbolic cosine", Math::cosh);
        unary(specs, "tanh", "hyperbolic tangent", Math::tanh);
        unary(specs, "ln", "natural logarithm", Math::log);
        unary(specs, "log10", "base-10 logarithm", Math::log10);
        unary(specs, "log2", "base-2 logarithm, exact for powers of two", MathImports::log2);
        unary(specs, "exp", "e^x", Math::exp);
        unary(specs, "exp2", "2^x", x -> Math.pow(2, x));
        binary(specs, "pow", "x^y", Math::pow);
        unary(specs, "sqrt", "square root", Math::sqrt);
        unary(specs, "floor", "largest integer <= x", Math::floor);
        unary(specs, "ceil", "smallest integer >= x", Math::ceil);
        unary(specs, "round", "nearest integer, halves away from zero", MathImports::round);
        unary(specs, "trunc", "integer part, toward zero", x -> x < 0 ? Math.ceil(x) : Math.floor(x));
        unary(specs, "abs", "absolute value", Math::abs);
        binary(specs, "min", "smaller of two (NaN if either is NaN)", Math::min);
        binary(specs, "max", "larger of two (NaN if either is NaN)", Math::max);
        unary(specs, "sign", "-1, 0 or 1 (signed zero and NaN kept)", Math::signum);
        constant(specs, "pi", "π", Math.PI);
        constant(specs, "e", "e", Math.E);
        specs.add(ImportSpec.of("env", "math_random", "uniform in [0, 1)", List.of(), List.of(F64), (c, a) ->
                new long[] {Double.doubleToRawLongBits(ThreadLocalRandom.current().nextDouble())}));
        return specs;
    }

    /** Rounds half away from zero (Clean's hosts: Rust {@code f64::round}, JS differs only for negative halves). */
    static double round(double x) {
        if (Double.isNaN(x) || Double.isInfinite(x)) {
            return x;
        }
        double magnitude = Math.abs(x);
        double floor = Math.floor(magnitude);
        double rounded = magnitude - floor >= 0.5 ? floor + 1 : floor;
        return Math.copySign(rounded, x);
    }

    static double log2(double x) {
        if (x > 0 && !Double.isInfinite(x) && x == Math.scalb(1.0, Math.getExponent(x))) {
            return Math.getExponent(x);
        }
        return Math.log(x) / Math.log(2);
    }

    private static void unary(List<ImportSpec> specs, String name, String summary, DoubleUnaryOperator op) {
        specs.add(ImportSpec.of("env", "math_" + name, summary, List.of(F64), List.of(F64), (c, a) ->
                new long[] {Double.doubleToRawLongBits(op.applyAsDouble(Double.longBitsToDouble(a[0])))}));
    }

    private static void binary(List<ImportSpec> specs, String name, String summary, DoubleBinaryOperator op) {
        specs.add(ImportSpec.of("env", "math_" + name, summary, List.of(F64, F64), List.of(F64), (c, a) ->
                new long[] {Double.doubleToRawLongBits(op.applyAsDouble(Double.longBitsToDouble(a[0]), Double.longBitsToDouble(a[1])))}));
    }

    private static void constant(List<ImportSpec> specs, String name, String summary, double value) {
        long bits = Double.doubleToRawLongBits(value);
        specs.add(ImportSpec.of("env", "math_" + name, summary, List.of(), List.of(F64), (c, a) -> new long[] {bits}));
    }
}
