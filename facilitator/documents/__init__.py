"""PDFs with ReportLab: certificates, the handout, and the fonts and QR they share."""
