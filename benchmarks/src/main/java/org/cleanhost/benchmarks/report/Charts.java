package org.cleanhost.benchmarks.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * results.png: two bar charts on one image. Top, every targeted result next to its target, each in its
 * own unit on a log axis (measured bars green when they meet the target, red when they miss). Bottom,
 * the informational ratios (B5 compiled speed-ups, B6 instance costs), also on a log axis.
 */
final class Charts {
    private static final Color PASS = new Color(0x2E, 0x9E, 0x4F);
    private static final Color MISS = new Color(0xD6, 0x3B, 0x3B);
    private static final Color TARGET = new Color(0x9A, 0xA0, 0xA6);
    private static final Color INFO = new Color(0x3C, 0x78, 0xD8);
    /** Log axes cannot show zero or negatives (B2 can come out negative in noise): bars are clamped here. */
    private static final double FLOOR = 0.01;

    private Charts() {}

    static void write(List<Metric> metrics, Path png) throws IOException {
        int width = 1500;
        int topHeight = 640;
        int bottomHeight = 560;
        BufferedImage image = new BufferedImage(width, topHeight + bottomHeight, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, topHeight + bottomHeight);
        targets(metrics).draw(g, new Rectangle2D.Double(0, 0, width, topHeight));
        info(metrics).draw(g, new Rectangle2D.Double(0, topHeight, width, bottomHeight));
        g.dispose();
        ImageIO.write(image, "png", png.toFile());
    }

    private static String label(Metric m) {
        return m.label();
    }

    private static JFreeChart targets(List<Metric> metrics) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        List<Metric> targeted = metrics.stream().filter(Metric::hasTarget).toList();
        for (Metric m : targeted) {
            String category = label(m);
            data.addValue(m.isSkipped() ? null : Math.max(FLOOR, m.value()), "measured", category);
            data.addValue(m.target(), "target", category);
        }
        BarRenderer renderer = new BarRenderer() {
            @Override
            public Paint getItemPaint(int row, int column) {
                if (row == 1) {
                    return TARGET;
                }
                return targeted.get(column).verdict().equals("pass") ? PASS : MISS;
            }
        };
        renderer.setSeriesPaint(0, PASS);
        renderer.setSeriesPaint(1, TARGET);
        JFreeChart chart = chart("Targets: measured (green = meets target, red = misses) vs target, each in its own unit",
                data, renderer, "value (log scale)");
        chart.getLegend().setVisible(true);
        return chart;
    }

    private static JFreeChart info(List<Metric> metrics) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Metric m : metrics) {
            if (!m.hasTarget() && !m.isSkipped() && m.unit().equals("x")) {
                data.addValue(Math.max(FLOOR, m.value()), "ratio", label(m));
            }
        }
        BarRenderer renderer = new BarRenderer();
        renderer.setSeriesPaint(0, INFO);
        JFreeChart chart = chart("Informational ratios (no target): how many times slower the first side is",
                data, renderer, "ratio (log scale)");
        chart.removeLegend();
        return chart;
    }

    private static JFreeChart chart(String title, DefaultCategoryDataset data, BarRenderer renderer, String axisLabel) {
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setItemMargin(0.05);
        renderer.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}", new DecimalFormat("#,##0.##")));
        renderer.setDefaultItemLabelsVisible(true);
        renderer.setDefaultItemLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        renderer.setDefaultPositiveItemLabelPosition(new ItemLabelPosition(ItemLabelAnchor.OUTSIDE12, TextAnchor.BOTTOM_CENTER));

        renderer.setIncludeBaseInRange(false);
        LogAxis range = new LogAxis(axisLabel);
        range.setSmallestValue(FLOOR);
        range.setTickUnit(new NumberTickUnit(1), false, true); // one tick per power of ten
        range.setNumberFormatOverride(new DecimalFormat("#,##0.###"));
        range.setAutoRange(true);
        range.setUpperMargin(0.15);
        range.setLowerMargin(0.15);
        CategoryAxis domain = new CategoryAxis();
        domain.setCategoryLabelPositions(CategoryLabelPositions.STANDARD);
        domain.setMaximumCategoryLabelLines(3);
        domain.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));

        CategoryPlot plot = new CategoryPlot(data, domain, range, renderer);
        plot.setOrientation(PlotOrientation.VERTICAL);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
        plot.setRangeGridlineStroke(new BasicStroke(1f));
        plot.setNoDataMessage("no data in this run");
        JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 15), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }
}
