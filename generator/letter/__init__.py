"""The svarbrev letter format, both ways: the .docx a reply is written as and the .tal.json beside it.

contract.py names what a letter is (markers, styles, heading, closing, properties, sidecar keys);
oxml.py holds every raw WordprocessingML and python-docx internal; writer.py fills the Word template;
package.py writes the package (properties, content hash, stable bytes); sidecar.py is the typed
sidecar schema, written and read; reader.py reads a letter back.
"""
