package dev.cognate.declarative;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A pool being reconciled: its name (the key in a declaration), its id (null when a dry run would create it), DescribeUserPool's answer. */
record Pool(String name, String id, ObjectNode description) {
    boolean exists() {
        return id != null;
    }
}
