package io.redback.rdw.etl;

import io.redback.rdw.InvalidInputException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.poi.openxml4j.exceptions.NotOfficeXmlFileException;
import org.apache.poi.openxml4j.exceptions.OpenXML4JException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.ss.util.NumberToTextConverter;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.usermodel.XSSFComment;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;

import javax.xml.parsers.ParserConfigurationException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams one sheet of an XLSX workbook into a CSV file (never the whole workbook in memory): numbers keep their full
 * precision, dates become ISO text, the first row is the header. POI's zip-bomb guard stays on, so a workbook that
 * inflates beyond reason is refused.
 */
final class Xlsx {
    private Xlsx() {
    }

    static void toCsv(Path xlsx, String sheet, Path csv, String label) {
        try (OPCPackage pkg = OPCPackage.open(xlsx.toFile(), PackageAccess.READ)) {
            XSSFReader reader = new XSSFReader(pkg);
            ReadOnlySharedStringsTable strings = new ReadOnlySharedStringsTable(pkg);
            StylesTable styles = reader.getStylesTable();
            XSSFReader.SheetIterator sheets = (XSSFReader.SheetIterator) reader.getSheetsData();
            List<String> names = new ArrayList<>();
            while (sheets.hasNext()) {
                try (InputStream in = sheets.next()) {
                    names.add(sheets.getSheetName());
                    if (sheet == null || sheet.equals(sheets.getSheetName())) {
                        try (BufferedWriter out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
                            Rows rows = new Rows(out, label);
                            XMLReader sax = XMLHelper.newXMLReader();
                            sax.setContentHandler(new XSSFSheetXMLHandler(styles, null, strings, rows, new PlainFormatter(), false));
                            sax.parse(new InputSource(in));
                            rows.finish();
                        }
                        return;
                    }
                }
            }
            throw new InvalidInputException(label + ": " + (names.isEmpty() ? "the workbook has no sheets"
                    : "no sheet named '" + sheet + "'; its sheets are " + names));
        } catch (NotOfficeXmlFileException | org.apache.poi.openxml4j.exceptions.InvalidFormatException e) {
            throw new InvalidInputException(label + ": not an XLSX workbook (" + e.getMessage() + ")", label, -1, e);
        } catch (IOException | OpenXML4JException | SAXException | ParserConfigurationException
                 | org.apache.poi.ooxml.POIXMLException e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("Zip bomb") || (e.getCause() != null && String.valueOf(e.getCause().getMessage()).contains("Zip bomb"))) {
                throw new InvalidInputException(label + ": refused: the workbook expands far more than a real one "
                        + "(a zip bomb); nothing was written", label, -1, e);
            }
            throw new InvalidInputException(label + ": cannot read the workbook: " + m, label, -1, e);
        } catch (UncheckedIOException e) {
            throw new InvalidInputException(label + ": cannot convert the sheet: " + e.getCause().getMessage(), label, -1, e);
        }
    }

    /** Plain numbers (no thousands separators, full precision) and ISO dates, whatever the cell's display format. */
    private static final class PlainFormatter extends DataFormatter {
        @Override
        public String formatRawCellContents(double value, int formatIndex, String formatString, boolean use1904) {
            if (DateUtil.isADateFormat(formatIndex, formatString) && DateUtil.isValidExcelDate(value)) {
                LocalDateTime t = DateUtil.getLocalDateTime(value, use1904);
                return t.toLocalTime().toSecondOfDay() == 0 && t.getNano() == 0 ? t.toLocalDate().toString()
                        : t.toString().replace('T', ' ');
            }
            return NumberToTextConverter.toText(value);
        }
    }

    /** Writes rows as CSV lines; the header row fixes the width. */
    private static final class Rows implements XSSFSheetXMLHandler.SheetContentsHandler {
        private final CSVPrinter out;
        private final String label;
        private final List<String> row = new ArrayList<>();
        private int width = -1;
        private int lastRow = -1;

        Rows(BufferedWriter out, String label) throws IOException {
            // RFC 4180 quoting with the \n line ends the typed load expects
            this.out = new CSVPrinter(out, CSVFormat.RFC4180.builder().setRecordSeparator('\n').get());
            this.label = label;
        }

        @Override
        public void startRow(int rowNum) {
            if (width >= 0) {
                for (int skipped = lastRow + 1; skipped < rowNum; skipped++) {
                    write(new ArrayList<>()); // an empty row keeps its place
                }
            }
            lastRow = rowNum;
            row.clear();
        }

        @Override
        public void endRow(int rowNum) {
            if (width < 0) {
                width = row.size();
            } else if (row.size() > width) {
                throw new InvalidInputException(label + ": row " + (rowNum + 1) + " has a value in column "
                        + CellReference.convertNumToColString(row.size() - 1) + ", beyond the header's " + width
                        + " columns", label, rowNum + 1, null);
            }
            write(row);
        }

        @Override
        public void cell(String ref, String value, XSSFComment comment) {
            int col = new CellReference(ref).getCol();
            while (row.size() < col) {
                row.add("");
            }
            row.add(value == null ? "" : value);
        }

        private void write(List<String> cells) {
            try {
                int n = width < 0 ? cells.size() : width;
                List<String> record = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    record.add(i < cells.size() ? cells.get(i) : "");
                }
                out.printRecord(record);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void finish() throws IOException {
            out.flush();
            if (width < 0) {
                throw new InvalidInputException(label + ": the sheet is empty", label, 1, null);
            }
        }
    }
}
