"""Case documents (办件文书): the written notices and decisions of an approval
case, as PDFs laid out after GB/T 9704—2012, generated from the case's events."""
