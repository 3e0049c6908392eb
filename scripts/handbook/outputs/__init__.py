"""Printed and packaged outputs: worksheet PDFs and Word files, print packs and books, the edition line,
reproducible archives, the offline (LGWAN) zip."""
