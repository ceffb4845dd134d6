package io.gort.bench.compare;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.axis.ValueTick;
import org.jfree.chart.labels.CategoryItemLabelGenerator;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.CategoryDataset;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * The comparison suite's chart (JFreeChart, headless): grouped bars, one group per workload, one
 * bar per subject, each the subject's median divided by the baseline's on a log axis, with the
 * bars growing from 1 (the baseline's line): up = slower (or bigger) than the baseline, down =
 * faster. A subject with no value for a workload (unsupported, failed) has no bar there.
 */
final class CompareChart {
    /** One colour per subject, in Subjects.JVM order then go: gort's four in blues, the rest apart. */
    private static final Color[] GORT = {new Color(0x1f4e9c), new Color(0x3f7fd0), new Color(0x7fb0ea), new Color(0x0f2a5a)};
    private static final Color[] OTHERS = {new Color(0xe07b00), new Color(0x8c8c8c), new Color(0x2ca02c), new Color(0x9467bd),
            new Color(0xd62728), new Color(0x17becf), new Color(0xbcbd22)};

    private CompareChart() {
    }

    /** Bars from 1: a bar below 1 is "negative" (its label goes under its end, not at the line). */
    private static final class RatioBars extends BarRenderer {
        private static final long serialVersionUID = 1L;

        @Override
        protected void drawItemLabel(Graphics2D g2, CategoryDataset data, int row, int column, CategoryPlot plot,
                                     CategoryItemLabelGenerator generator, Rectangle2D bar, boolean negative) {
            Number v = data.getValue(row, column);
            super.drawItemLabel(g2, data, row, column, plot, generator, bar, v != null && v.doubleValue() < getBase());
        }
    }

    /** A bar's label: its ratio with two or three significant digits (0.52, 1.4, 27, 820). */
    private static final class RatioLabels extends StandardCategoryItemLabelGenerator {
        private static final long serialVersionUID = 1L;

        @Override
        public String generateLabel(CategoryDataset data, int row, int column) {
            Number n = data.getValue(row, column);
            if (n == null) {
                return null;
            }
            double v = n.doubleValue();
            return String.format(Locale.ROOT, v >= 100 ? "%.0f" : v >= 10 ? "%.1f" : "%.2f", v);
        }
    }

    /** A log axis whose ticks are the round ratios 1, 2, 5 x 10^k (LogAxis's own are 10^0.05 steps). */
    private static final class RatioAxis extends LogAxis {
        private static final long serialVersionUID = 1L;

        RatioAxis(String label) {
            super(label);
        }

        @Override
        protected List<ValueTick> refreshTicksVertical(Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge) {
            List<ValueTick> ticks = new ArrayList<>();
            DecimalFormat f = new DecimalFormat("0.###");
            double lo = getLowerBound();
            double hi = getUpperBound();
            // fewer ticks when the range spans many decades
            double[] steps = Math.log10(hi / lo) > 5 ? new double[] {1} : new double[] {1, 2, 5};
            for (int e = -6; e <= 6; e++) {
                for (double m : steps) {
                    double v = m * Math.pow(10, e);
                    if (v >= lo && v <= hi) {
                        ticks.add(new NumberTick(TickType.MAJOR, v, f.format(v), TextAnchor.CENTER_RIGHT, TextAnchor.CENTER, 0));
                    }
                }
            }
            return ticks;
        }
    }

    static void write(Path file, List<Compare.Summary> summary, List<Workload> workloads, List<String> subjects,
                      String baseline, String subtitle) throws IOException {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        double lo = 1;
        double hi = 1;
        for (Workload w : workloads) {
            String category = w.id + " (" + w.unit + ")";
            for (String s : subjects) {
                if (s.equals(baseline)) {
                    continue;       // its bars would all be 1: the line at 1 stands for it
                }
                Compare.Summary x = summary.stream().filter(y -> y.workload() == w && y.subject().equals(s)).findFirst().orElse(null);
                double r = x == null ? Double.NaN : x.ratio();
                // null leaves a gap; on a log axis a value must be positive
                data.addValue(Double.isNaN(r) || r <= 0 ? null : r, s, category);
                if (!Double.isNaN(r) && r > 0) {
                    lo = Math.min(lo, r);
                    hi = Math.max(hi, r);
                }
            }
        }
        LogAxis axis = new RatioAxis("subject / " + baseline + "  (log scale; the line at 1 is " + baseline + "; below it = better)");
        axis.setBase(10);
        axis.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        axis.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        axis.setRange(Math.min(lo, 1) / 1.8, Math.max(hi, 1) * 1.8);   // room for the labels
        CategoryAxis categories = new CategoryAxis(null);
        categories.setTickLabelFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        categories.setMaximumCategoryLabelLines(2);
        categories.setCategoryMargin(0.25);
        categories.setLowerMargin(0.01);
        categories.setUpperMargin(0.01);
        if (workloads.size() > 8) {
            categories.setCategoryLabelPositions(CategoryLabelPositions.STANDARD);
        }
        BarRenderer bars = new RatioBars();
        bars.setBarPainter(new StandardBarPainter());
        bars.setShadowVisible(false);
        bars.setDrawBarOutline(false);
        bars.setItemMargin(0.04);
        bars.setBase(1.0);          // bars grow from the baseline's ratio, up or down
        bars.setIncludeBaseInRange(true);
        int g = 0;
        int other = 0;
        int series = 0;
        for (String s : subjects) {
            if (!s.equals(baseline)) {
                bars.setSeriesPaint(series++, s.startsWith("gort-") ? GORT[g++ % GORT.length] : OTHERS[other++ % OTHERS.length]);
            }
        }
        // each bar's ratio on it, turned upright when the bars are narrow
        bars.setDefaultItemLabelGenerator(new RatioLabels());
        bars.setDefaultItemLabelsVisible(true);
        bars.setDefaultItemLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, series > 4 ? 10 : 12));
        double angle = series > 4 ? -Math.PI / 2 : 0;
        bars.setDefaultPositiveItemLabelPosition(new ItemLabelPosition(ItemLabelAnchor.OUTSIDE12,
                series > 4 ? TextAnchor.CENTER_LEFT : TextAnchor.BOTTOM_CENTER, TextAnchor.CENTER_LEFT, angle));
        bars.setDefaultNegativeItemLabelPosition(new ItemLabelPosition(ItemLabelAnchor.OUTSIDE6,
                series > 4 ? TextAnchor.CENTER_RIGHT : TextAnchor.TOP_CENTER, TextAnchor.CENTER_RIGHT, angle));
        CategoryPlot plot = new CategoryPlot(data, categories, axis, bars);
        plot.setOrientation(PlotOrientation.VERTICAL);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xd0d0d0));
        plot.setRangeGridlinesVisible(true);
        plot.setDomainGridlinesVisible(false);
        plot.setOutlineVisible(false);
        ValueMarker one = new ValueMarker(1.0, Color.BLACK, new BasicStroke(1.5f));
        plot.addRangeMarker(one);
        JFreeChart chart = new JFreeChart("gort comparison: each subject's median relative to " + baseline,
                new Font(Font.SANS_SERIF, Font.BOLD, 18), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.addSubtitle(new TextTitle(subtitle, new Font(Font.SANS_SERIF, Font.PLAIN, 13)));
        LegendTitle legend = chart.getLegend();
        legend.setPosition(RectangleEdge.TOP);
        legend.setItemFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        int width = Math.max(1000, Math.min(2400, 160 + workloads.size() * (series * 20 + 40)));
        ChartUtils.saveChartAsPNG(file.toFile(), chart, width, 800);
    }
}
