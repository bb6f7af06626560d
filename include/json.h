/* json.h - --json: one JSON object per line on stdout for every event
 *
 *   {"event":"packet", "n":3, "t":0.000461, "dir":"in", "conn":"c1",
 *    "src":"127.0.0.1", "sport":20000, "dst":..., "dport":..., "flags":"S.",
 *    "seq":0, "ack":1, "rawseq":..., "rawack":..., "win":65483, "urg":0,
 *    "len":0, "options":["mss 65495"], "payload":"4142",
 *    "line":"Flags [S.], seq 0, ack 1, ...", "notes":["ack owed"],
 *    "from":"SYN-SENT", "to":"ESTABLISHED"}
 *   {"event":"state", "t":..., "conn":"c1", "from":..., "to":..., "why":...}
 *   {"event":"expect", "where":"f.tc:5", "pattern":"S.", "result":"ok",
 *    "packet":2} / "result":"fail", "reason":"..."
 *   {"event":"error", "where":"f.tc:3", "col":5, "message":"..."}
 *   {"event":"message", "text":"..."}   every other line of text
 *   {"event":"script", "file":"f.tc", "status":0}
 */
#ifndef TC_JSON_H
#define TC_JSON_H

#include <stddef.h>
#include <stdio.h>

struct out;

/* The --json format (out.h): human text becomes "message" events. */
struct out	*json_out_new(void);
/* A JSON string literal (quotes included) for s[0..n). */
void	json_str(FILE *f, const char *s, size_t n);

#endif
