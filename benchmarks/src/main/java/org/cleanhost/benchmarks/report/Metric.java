package org.cleanhost.benchmarks.report;

/**
 * One line of the report: a measured value (usually a ratio against the baseline run in the same JMH
 * run), its target and the verdict.
 *
 * @param id the benchmark's number, e.g. {@code B1}
 * @param title what is compared
 * @param measured the measured side, formatted with its unit
 * @param baseline the baseline side, formatted with its unit
 * @param value the compared value (ratio, µs added, efficiency, bytes), {@code null} when skipped
 * @param unit the unit of {@code value}, e.g. {@code x} or {@code µs}
 * @param goal how {@code value} is judged against {@code target}
 * @param target the target, {@code null} when informational
 * @param note why it was skipped, or a remark
 * @param label a short name for the chart
 */
public record Metric(String id, String title, String measured, String baseline, Double value, String unit,
        Goal goal, Double target, String note, String label) {

    /** How a value meets its target. */
    public enum Goal {
        AT_MOST("≤"), AT_LEAST("≥"), INFO("");

        final String symbol;

        Goal(String symbol) {
            this.symbol = symbol;
        }
    }

    public static Metric skipped(String id, String title, Goal goal, Double target, String unit, String why) {
        return new Metric(id, title, "—", "—", null, unit, goal, target, why, id + " " + title);
    }

    /** The same metric without a target: context for another row, not judged. */
    public Metric informational() {
        return new Metric(id, title, measured, baseline, value, unit, Goal.INFO, null, note, label);
    }

    /** The same metric with a short chart label. */
    public Metric labelled(String shortLabel) {
        return new Metric(id, title, measured, baseline, value, unit, goal, target, note, id + " " + shortLabel);
    }

    public boolean isSkipped() {
        return value == null;
    }

    public boolean hasTarget() {
        return goal != Goal.INFO && target != null;
    }

    public String verdict() {
        if (isSkipped()) {
            return "skipped";
        }
        if (!hasTarget()) {
            return "info";
        }
        boolean pass = goal == Goal.AT_MOST ? value <= target : value >= target;
        return pass ? "pass" : "miss";
    }

    public String valueText() {
        return isSkipped() ? "—" : Format.number(value) + unitSuffix();
    }

    public String targetText() {
        return hasTarget() ? goal.symbol + " " + Format.number(target) + unitSuffix() : "—";
    }

    private String unitSuffix() {
        return unit.isEmpty() ? "" : (unit.equals("x") ? "x" : " " + unit);
    }
}
