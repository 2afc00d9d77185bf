/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.benchmarks.load;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A grouped bar chart of median requests/s, workload by workload, one bar per variant, as SVG. */
final class Chart {

    private static final String[] COLORS = {"#7a7a7a", "#c9a227", "#2b6cb0", "#2f855a", "#9b2c2c", "#6b46c1"};

    private Chart() {
    }

    static String svg(Settings settings, Map<Variant, Map<String, List<LoadBenchmark.Measurement>>> results) {
        double max = 1;
        for (Map<String, List<LoadBenchmark.Measurement>> byWorkload : results.values()) {
            for (List<LoadBenchmark.Measurement> runs : byWorkload.values()) {
                max = Math.max(max, Report.medianRps(runs));
            }
        }
        int bar = 22;
        int groupGap = 30;
        int left = 70;
        int top = 30;
        int height = 260;
        int groupWidth = settings.variants().size() * bar + groupGap;
        int width = left + settings.workloads().size() * groupWidth + 260;
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" "
                        + "font-size=\"12\">%n<text x=\"%d\" y=\"18\" font-size=\"14\">Requests/s by variant "
                        + "(median of %d rounds, %d connections)</text>%n", width, top + height + 40, left,
                settings.rounds(), settings.connections()));
        for (int tick = 0; tick <= 4; tick++) {
            double value = max * tick / 4;
            int y = top + height - (int) (height * tick / 4.0);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#ddd\"/>"
                    + "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%.0f</text>%n", left, width - 250, y, y,
                    left - 6, y + 4, value));
        }
        for (int w = 0; w < settings.workloads().size(); w++) {
            String workload = settings.workloads().get(w);
            int x0 = left + w * groupWidth + groupGap / 2;
            for (int v = 0; v < settings.variants().size(); v++) {
                Variant variant = settings.variants().get(v);
                double rps = Report.medianRps(results.get(variant).get(workload));
                int h = (int) (height * rps / max);
                svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
                        + "fill=\"%s\"><title>%s %s: %.0f req/s</title></rect>%n", x0 + v * bar, top + height - h,
                        bar - 3, h, COLORS[v % COLORS.length], variant.label, workload, rps));
            }
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                    x0 + settings.variants().size() * bar / 2, top + height + 18, workload));
        }
        for (int v = 0; v < settings.variants().size(); v++) {
            int y = top + 10 + v * 20;
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"%d\">%s</text>%n", width - 240, y, COLORS[v % COLORS.length], width - 222,
                    y + 10, settings.variants().get(v).label));
        }
        return svg.append("</svg>\n").toString();
    }
}
