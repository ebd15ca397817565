/* Inner loops in C: a document's words as the build scans them (Lexicon.document),
   the posting blocks it writes (blocks.TermWriter.write),
   and search's: finding the query's words in a hit's text
   (highlight.Finder.terms_found, folded_bytes), choosing its passage
   (passages.py's prose_quality and best_window), why it matched
   (why.distinct_reasons), and looking a term up in
   the companion's lexicon (companion.Lexicon.find).

   Each does exactly what its Python definition does (the tests hold the two
   to each other on generated input); the Python modules use these when the
   extension is built and their own code otherwise. They run for every hit,
   several times, where Python's per-word and per-token loops were the cost. */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <math.h>

#define CHAR(i) PyUnicode_READ(kind, data, (i))

/* For loops over a text's characters: inlined into a caller that passes a constant
   kind (see quality_of), the compiler drops PyUnicode_READ's switch per character. */
#define PER_KIND static inline __attribute__((always_inline))

/* Set by init() from passages.py, so the constants live in one place. */
static PyObject *punctuation;   /* str: stripped from a token's ends */
static PyObject *separators;    /* str: a token that is one of these is a separator */
static PyObject *leaders;       /* tuple of str: any of them in a window means dot leaders */
static long short_line_chars;

static int
initialised(void)
{
    if (!leaders)
        PyErr_SetString(PyExc_RuntimeError, "_native.init() was not called");
    return leaders != NULL;
}

static int
in_str(PyObject *chars, Py_UCS4 ch)
{
    int kind = PyUnicode_KIND(chars);
    const void *data = PyUnicode_DATA(chars);
    Py_ssize_t n = PyUnicode_GET_LENGTH(chars);
    for (Py_ssize_t i = 0; i < n; i++)
        if (PyUnicode_READ(kind, data, i) == ch)
            return 1;
    return 0;
}

/* What a character is, as bits: most text is Latin-1, whose classes a table holds
   (filled when the module loads, the punctuation and separators by init()), so the
   loops below make no call per character. */
enum { SPACE = 1, ALPHA = 2, ALNUM = 4, PUNCT = 8, SEPARATOR = 16 };
static unsigned char latin1_class[256];

static unsigned char
class_of_slow(Py_UCS4 ch)
{
    return (Py_UNICODE_ISSPACE(ch) ? SPACE : 0) | (Py_UNICODE_ISALPHA(ch) ? ALPHA : 0)
        | (Py_UNICODE_ISALNUM(ch) ? ALNUM : 0) | (punctuation && in_str(punctuation, ch) ? PUNCT : 0)
        | (separators && in_str(separators, ch) ? SEPARATOR : 0);
}

static inline unsigned char
class_of(Py_UCS4 ch)
{
    return ch < 256 ? latin1_class[ch] : class_of_slow(ch);
}

#define IS(ch, bits) (class_of(ch) & (bits))

static inline int
is_alpha(Py_UCS4 ch)
{
    return IS(ch, ALPHA);
}

/* token.isalpha() for text[a:b], b > a. */
PER_KIND int
all_alpha(int kind, const void *data, Py_ssize_t a, Py_ssize_t b)
{
    for (Py_ssize_t i = a; i < b; i++)
        if (!is_alpha(CHAR(i)))
            return 0;
    return 1;
}

/* Whether text[a:b] counts as a word: two or more characters, letters once
   punctuation is stripped from its ends. */
PER_KIND int
is_word(int kind, const void *data, Py_ssize_t a, Py_ssize_t b)
{
    if (b - a < 2)
        return 0;
    if (all_alpha(kind, data, a, b))
        return 1;
    while (a < b && IS(CHAR(a), PUNCT))
        a++;
    while (b > a && IS(CHAR(b - 1), PUNCT))
        b--;
    return b > a && all_alpha(kind, data, a, b);
}

/* Whether text[a:b] holds one of the leaders. */
PER_KIND int
has_leader(int kind, const void *data, Py_ssize_t a, Py_ssize_t b)
{
    Py_ssize_t count = PyTuple_GET_SIZE(leaders);
    for (Py_ssize_t i = a; i < b; i++) {
        Py_UCS4 ch = CHAR(i);
        if (ch < 128 && ch != '.' && ch != '_')
            continue;  /* no leader starts with another ASCII character (init checks) */
        for (Py_ssize_t k = 0; k < count; k++) {
            PyObject *leader = PyTuple_GET_ITEM(leaders, k);
            int lkind = PyUnicode_KIND(leader);
            const void *ldata = PyUnicode_DATA(leader);
            Py_ssize_t length = PyUnicode_GET_LENGTH(leader), m = 0;
            if (length > b - i)
                continue;
            while (m < length && PyUnicode_READ(lkind, ldata, m) == CHAR(i + m))
                m++;
            if (m == length)
                return 1;
        }
    }
    return 0;
}

/* Short lines: at least three non-blank lines whose mean length is below
   short_line_chars (a menu or a table). */
PER_KIND int
short_lines(int kind, const void *data, Py_ssize_t a, Py_ssize_t b)
{
    Py_ssize_t lines = 0, chars = 0, start = a;
    for (Py_ssize_t i = a; i <= b; i++) {
        if (i < b && CHAR(i) != '\n')
            continue;
        int blank = 1;
        for (Py_ssize_t k = start; k < i && blank; k++)
            if (!IS(CHAR(k), SPACE))
                blank = 0;
        if (!blank) {
            lines++;
            chars += i - start;
        }
        start = i + 1;
    }
    return lines >= 3 && (double)chars / (double)lines < (double)short_line_chars;
}

/* prose_quality(text[a:b]), for one kind of string (quality_of below). */
PER_KIND double
quality_in(int kind, const void *data, Py_ssize_t a, Py_ssize_t b)
{
    Py_ssize_t tokens = 0, words = 0, token_chars = 0, seps = 0, newlines = 0, i = a;
    while (i < b) {
        Py_UCS4 ch = CHAR(i);
        if (IS(ch, SPACE)) {
            newlines += ch == '\n';
            i++;
            continue;
        }
        Py_ssize_t start = i;
        while (i < b && !IS(CHAR(i), SPACE))
            i++;
        tokens++;
        token_chars += i - start;
        words += is_word(kind, data, start, i);
        seps += i - start == 1 && IS(ch, SEPARATOR);
    }
    if (!tokens)
        return 0.05;
    double quality = (double)words / (double)tokens;
    if (has_leader(kind, data, a, b))
        quality *= 0.25;
    if (seps >= 2)
        quality *= 0.5;
    if (newlines >= 2 && token_chars < short_line_chars * (newlines + 1) && short_lines(kind, data, a, b))
        quality *= 0.5;
    return quality > 0.05 ? quality : 0.05;
}

/* prose_quality(text[a:b]) */
static double
quality_of(int kind, const void *data, Py_ssize_t a, Py_ssize_t b)
{
    switch (kind) {
    case PyUnicode_1BYTE_KIND:
        return quality_in(PyUnicode_1BYTE_KIND, data, a, b);
    case PyUnicode_2BYTE_KIND:
        return quality_in(PyUnicode_2BYTE_KIND, data, a, b);
    default:
        return quality_in(PyUnicode_4BYTE_KIND, data, a, b);
    }
}

static PyObject *
prose_quality(PyObject *self, PyObject *text)
{
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "prose_quality takes a str");
        return NULL;
    }
    if (!initialised())
        return NULL;
    return PyFloat_FromDouble(quality_of(PyUnicode_KIND(text), PyUnicode_DATA(text), 0,
                                         PyUnicode_GET_LENGTH(text)));
}

typedef struct {
    double negative;  /* minus the window's weighted distinct keys */
    Py_ssize_t first, last;
} Window;

static int
by_score_then_first(const void *a, const void *b)
{
    const Window *x = a, *y = b;
    if (x->negative != y->negative)
        return x->negative < y->negative ? -1 : 1;
    return (x->first > y->first) - (x->first < y->first);
}

/* Each match's key as an index into the distinct keys, in order of first
   appearance; skipped[d]: whether distinct key d is in `skip`. */
static Py_ssize_t
key_ids(PyObject *keys, PyObject *skip, Py_ssize_t *ids, PyObject **distinct, int *skipped)
{
    Py_ssize_t n = PyList_GET_SIZE(keys), count = 0;
    for (Py_ssize_t m = 0; m < n; m++) {
        PyObject *key = PyList_GET_ITEM(keys, m);
        Py_ssize_t d = 0;
        for (; d < count; d++) {
            if (distinct[d] == key)
                break;
            int same = PyObject_RichCompareBool(distinct[d], key, Py_EQ);
            if (same < 0)
                return -1;
            if (same)
                break;
        }
        if (d == count) {
            int in_skip = PySet_Contains(skip, key);
            if (in_skip < 0)
                return -1;
            distinct[count] = key;
            skipped[count++] = in_skip;
        }
        ids[m] = d;
    }
    return count;
}

/* passages.ranked_windows: the windows, most weighted keys first, then in text order. */
static Py_ssize_t
ranked(Py_ssize_t n, const Py_ssize_t *ids, const int *skipped, const double *weights,
       const Py_ssize_t *starts, const Py_ssize_t *ends, Py_ssize_t width, int has_exclude,
       Py_ssize_t low, Py_ssize_t high, Window *out, double *best_of, Py_ssize_t *order)
{
    Py_ssize_t count = 0, j = -1;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_ssize_t reach = starts[i] + width;
        while (j < n - 1 && ends[j + 1] <= reach)
            j++;
        if (j <= i)
            j = i;
        if (has_exclude && !(ends[j] < low || starts[i] > high))
            continue;
        if (j == i) {
            out[count++] = (Window){skipped[ids[i]] ? 0.0 : -weights[i], i, i};
            continue;
        }
        /* Distinct keys in order of first appearance, each at its best weight,
           summed in that order as Python's dict does. */
        Py_ssize_t shown = 0;
        for (Py_ssize_t k = i; k <= j; k++) {
            Py_ssize_t d = ids[k];
            if (skipped[d])
                continue;
            if (best_of[d] < 0) {
                best_of[d] = 0;
                order[shown++] = d;
            }
            if (best_of[d] < weights[k])
                best_of[d] = weights[k];
        }
        double sum = 0;
        for (Py_ssize_t s = 0; s < shown; s++) {
            sum += best_of[order[s]];
            best_of[order[s]] = -1;
        }
        out[count++] = (Window){-sum, i, j};
    }
    qsort(out, count, sizeof(Window), by_score_then_first);
    return count;
}

/* The prose quality of text[start:stop], through the cache dict (keyed by start). */
static double
cached_quality(PyObject *text, Py_ssize_t start, Py_ssize_t stop, PyObject *cache)
{
    PyObject *key = PyLong_FromSsize_t(start);
    if (!key)
        return -1;
    PyObject *known = PyDict_GetItemWithError(cache, key);
    if (known) {
        Py_DECREF(key);
        return PyFloat_AsDouble(known);
    }
    if (PyErr_Occurred()) {
        Py_DECREF(key);
        return -1;
    }
    double quality = start < stop ? quality_of(PyUnicode_KIND(text), PyUnicode_DATA(text), start, stop)
                                  : 0.05;
    PyObject *value = PyFloat_FromDouble(quality);
    if (!value || PyDict_SetItem(cache, key, value) < 0)
        quality = -1;
    Py_XDECREF(value);
    Py_DECREF(key);
    return quality;
}

static int
as_sizes(PyObject *list, Py_ssize_t n, Py_ssize_t *out)
{
    for (Py_ssize_t m = 0; m < n; m++) {
        out[m] = PyLong_AsSsize_t(PyList_GET_ITEM(list, m));
        if (out[m] == -1 && PyErr_Occurred())
            return -1;
    }
    return 0;
}

/* best_window(text, keys, weights, starts, ends, width, exclude, skip, cache,
               lead, near, max_weighed) -> (score, first, last) or None */
static PyObject *
best_window(PyObject *self, PyObject *args)
{
    PyObject *text, *keys, *weights_list, *starts_list, *ends_list, *exclude, *skip, *cache;
    Py_ssize_t width, lead, near, max_weighed, low = 0, high = 0;
    if (!PyArg_ParseTuple(args, "UO!O!O!O!nOOO!nnn", &text, &PyList_Type, &keys, &PyList_Type,
                          &weights_list, &PyList_Type, &starts_list, &PyList_Type, &ends_list,
                          &width, &exclude, &skip, &PyDict_Type, &cache, &lead, &near, &max_weighed))
        return NULL;
    if (!initialised())
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(keys);
    if (PyList_GET_SIZE(weights_list) != n || PyList_GET_SIZE(starts_list) != n
            || PyList_GET_SIZE(ends_list) != n) {
        PyErr_SetString(PyExc_ValueError, "keys, weights, starts and ends differ in length");
        return NULL;
    }
    if (!PyAnySet_Check(skip)) {
        PyErr_SetString(PyExc_TypeError, "skip must be a set");
        return NULL;
    }
    int has_exclude = exclude != Py_None;
    if (has_exclude && !PyArg_ParseTuple(exclude, "nn", &low, &high))
        return NULL;
    PyObject *result = NULL;
    size_t m = n ? (size_t)n : 1;
    Py_ssize_t *ids = PyMem_Malloc(m * sizeof(Py_ssize_t)), *starts = PyMem_Malloc(m * sizeof(Py_ssize_t));
    Py_ssize_t *ends = PyMem_Malloc(m * sizeof(Py_ssize_t)), *order = PyMem_Malloc(m * sizeof(Py_ssize_t));
    Py_ssize_t *weighed = PyMem_Malloc((max_weighed > 0 ? max_weighed : 1) * sizeof(Py_ssize_t));
    double *weights = PyMem_Malloc(m * sizeof(double)), *best_of = PyMem_Malloc(m * sizeof(double));
    PyObject **distinct = PyMem_Malloc(m * sizeof(PyObject *));
    int *skipped = PyMem_Malloc(m * sizeof(int));
    Window *windows = PyMem_Malloc(m * sizeof(Window));
    if (!ids || !starts || !ends || !order || !weighed || !weights || !best_of || !distinct
            || !skipped || !windows) {
        PyErr_NoMemory();
        goto done;
    }
    if (as_sizes(starts_list, n, starts) < 0 || as_sizes(ends_list, n, ends) < 0)
        goto done;
    for (Py_ssize_t k = 0; k < n; k++) {
        weights[k] = PyFloat_AsDouble(PyList_GET_ITEM(weights_list, k));
        if (weights[k] == -1.0 && PyErr_Occurred())
            goto done;
        best_of[k] = -1;
    }
    if (key_ids(keys, skip, ids, distinct, skipped) < 0)
        goto done;
    Py_ssize_t count = ranked(n, ids, skipped, weights, starts, ends, width, has_exclude, low, high,
                              windows, best_of, order);
    Py_ssize_t text_len = PyUnicode_GET_LENGTH(text), nweighed = 0, best_first = -1, best_last = -1;
    double best_score = 0.0;
    for (Py_ssize_t w = 0; w < count; w++) {
        double distinct_keys = -windows[w].negative;
        if (distinct_keys == 0 || (best_first >= 0 && distinct_keys <= best_score)
                || nweighed == max_weighed)
            break;  /* quality is at most 1: fewer keys cannot win */
        Py_ssize_t start = starts[windows[w].first] - lead;
        if (start < 0)
            start = 0;
        Py_ssize_t at = 0;  /* bisect_left in the sorted starts weighed so far */
        while (at < nweighed && weighed[at] < start)
            at++;
        if ((at < nweighed && weighed[at] - start < near) || (at && start - weighed[at - 1] < near))
            continue;  /* much the same text as a window already weighed */
        memmove(weighed + at + 1, weighed + at, (nweighed - at) * sizeof(Py_ssize_t));
        weighed[at] = start;
        nweighed++;
        Py_ssize_t stop = start + width + lead;
        double quality = cached_quality(text, start, stop < text_len ? stop : text_len, cache);
        if (quality < 0 && PyErr_Occurred())
            goto done;
        double score = distinct_keys * quality;
        if (best_first < 0 || score > best_score) {
            best_score = score;
            best_first = windows[w].first;
            best_last = windows[w].last;
        }
    }
    result = best_first < 0 ? Py_NewRef(Py_None) : Py_BuildValue("(dnn)", best_score, best_first, best_last);
done:
    PyMem_Free(ids); PyMem_Free(starts); PyMem_Free(ends); PyMem_Free(order); PyMem_Free(weighed);
    PyMem_Free(weights); PyMem_Free(best_of); PyMem_Free(distinct); PyMem_Free(skipped);
    PyMem_Free(windows);
    return result;
}



/* ---- A hit's matches as passages.py weighs and shows them ---- */

/* match_keys(text, found, memo, compute, keys) -> (weights, starts, ends): passages.Keys'
   loop. Per match, the key and weight of its shown text and item come from memo, a dict
   (shown, item) -> (key, weight) kept for the query, else from compute(shown, item); the
   keys are appended to `keys` (the Keys list itself). */
static PyObject *
match_keys(PyObject *self, PyObject *args)
{
    PyObject *text, *found, *memo, *compute, *keys;
    if (!PyArg_ParseTuple(args, "UO!O!OO!", &text, &PyList_Type, &found, &PyDict_Type, &memo, &compute,
                          &PyList_Type, &keys))
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(found);
    PyObject *weights = PyList_New(n), *starts = PyList_New(n), *ends = PyList_New(n), *result = NULL;
    if (!weights || !starts || !ends)
        goto done;
    for (Py_ssize_t m = 0; m < n; m++) {
        PyObject *match = PyList_GET_ITEM(found, m);
        if (!PyTuple_Check(match) || PyTuple_GET_SIZE(match) < 3) {
            PyErr_SetString(PyExc_TypeError, "a match must be (start, end, item, kind)");
            goto done;
        }
        PyObject *start = PyTuple_GET_ITEM(match, 0), *end = PyTuple_GET_ITEM(match, 1);
        Py_ssize_t a = PyLong_AsSsize_t(start), b = PyLong_AsSsize_t(end);
        if ((a == -1 || b == -1) && PyErr_Occurred())
            goto done;
        PyObject *shown = PyUnicode_Substring(text, a, b);
        PyObject *key = shown ? PyTuple_Pack(2, shown, PyTuple_GET_ITEM(match, 2)) : NULL;
        Py_XDECREF(shown);
        if (!key)
            goto done;
        PyObject *known = PyDict_GetItemWithError(memo, key);  /* borrowed */
        if (!known && !PyErr_Occurred()) {
            PyObject *made = PyObject_CallObject(compute, key);
            if (made && PyDict_SetItem(memo, key, made) == 0)
                known = made;  /* memo holds it now */
            Py_XDECREF(made);
        }
        Py_DECREF(key);
        if (!known)
            goto done;
        if (!PyTuple_Check(known) || PyTuple_GET_SIZE(known) != 2) {
            PyErr_SetString(PyExc_TypeError, "compute must give (key, weight)");
            goto done;
        }
        if (PyList_Append(keys, PyTuple_GET_ITEM(known, 0)) < 0)
            goto done;
        PyList_SET_ITEM(weights, m, Py_NewRef(PyTuple_GET_ITEM(known, 1)));
        PyList_SET_ITEM(starts, m, Py_NewRef(start));
        PyList_SET_ITEM(ends, m, Py_NewRef(end));
    }
    result = PyTuple_Pack(3, weights, starts, ends);
done:
    Py_XDECREF(weights);
    Py_XDECREF(starts);
    Py_XDECREF(ends);
    return result;
}

/* len(WS_RE.sub(" ", text[a:b])), whitespace runs counting one; *words: len(text[a:b].split()). */
static Py_ssize_t
collapsed_length(int kind, const void *data, Py_ssize_t a, Py_ssize_t b, Py_ssize_t *words)
{
    Py_ssize_t length = 0;
    int in_space = -1;  /* before the first character: neither */
    *words = 0;
    for (Py_ssize_t i = a; i < b; i++) {
        int space = IS(CHAR(i), SPACE);
        length += !(space && in_space == 1);
        *words += !space && in_space != 0;
        in_space = space;
    }
    return length;
}

/* The (s, e) pairs moved to where they stand in the piece collapsed (passages.collapsed_ranges). */
static PyObject *
collapse(PyObject *piece, Py_ssize_t last, const Py_ssize_t *pairs, Py_ssize_t count)
{
    int kind = PyUnicode_KIND(piece);
    const void *data = PyUnicode_DATA(piece);
    Py_ssize_t n = PyUnicode_GET_LENGTH(piece), moved = 0;
    PyObject *out = PyList_New(count);
    if (!out)
        return NULL;
    for (Py_ssize_t r = 0; r < count; r++) {
        Py_ssize_t s = pairs[2 * r], e = pairs[2 * r + 1];
        /* clamped as slicing clamps */
        Py_ssize_t from = last < 0 ? 0 : last > n ? n : last, to = s < 0 ? 0 : s > n ? n : s, words;
        Py_ssize_t s_at = moved + (to > from ? collapsed_length(kind, data, from, to, &words) : 0);
        from = s < 0 ? 0 : s > n ? n : s;
        to = e < 0 ? 0 : e > n ? n : e;
        Py_ssize_t shown = to > from ? collapsed_length(kind, data, from, to, &words) : (words = 0);
        /* A word has no whitespace (it splits into itself); a phrase may. */
        Py_ssize_t e_at = s_at + (words == 1 ? e - s : shown);
        PyObject *pair = Py_BuildValue("(nn)", s_at, e_at);
        if (!pair) {
            Py_DECREF(out);
            return NULL;
        }
        PyList_SET_ITEM(out, r, pair);
        last = e;
        moved = e_at;
    }
    return out;
}

/* collapsed_ranges(piece, lead, ranges) -> ranges: passages.collapsed_ranges. */
static PyObject *
collapsed_ranges(PyObject *self, PyObject *args)
{
    PyObject *piece, *ranges, *out = NULL;
    Py_ssize_t last;
    if (!PyArg_ParseTuple(args, "UnO!", &piece, &last, &PyList_Type, &ranges))
        return NULL;
    Py_ssize_t count = PyList_GET_SIZE(ranges);
    Py_ssize_t *pairs = PyMem_Malloc((2 * count + 1) * sizeof(Py_ssize_t));
    if (!pairs)
        return PyErr_NoMemory();
    for (Py_ssize_t r = 0; r < count; r++)
        if (!PyArg_ParseTuple(PyList_GET_ITEM(ranges, r), "nn", &pairs[2 * r], &pairs[2 * r + 1]))
            goto done;
    out = collapse(piece, last, pairs, count);
done:
    PyMem_Free(pairs);
    return out;
}

/* passages.word_boundary: forward, the first whitespace in text[pos:pos + 21], else pos;
   backward, just past the last whitespace in text[pos - 20:pos + 1], else pos. */
static Py_ssize_t
word_boundary(int kind, const void *data, Py_ssize_t n, Py_ssize_t pos, int forward)
{
    if (forward) {
        for (Py_ssize_t i = pos < 0 ? 0 : pos; i < n && i < pos + 21; i++)
            if (IS(CHAR(i), SPACE))
                return i;
        return pos;
    }
    Py_ssize_t low = pos - 20 < 0 ? 0 : pos - 20, high = pos + 1 < n ? pos + 1 : n;
    for (Py_ssize_t i = high - 1; i >= low; i--)
        if (IS(CHAR(i), SPACE))
            return i + 1;
    return pos;
}

/* " ".join(text.split()): whitespace runs as one space, none at the ends; written
   straight into a buffer of the text's kind, without a string per word. */
static PyObject *
single_spaced(PyObject *text)
{
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), length = 0;
    void *out = PyMem_Malloc(n ? n * kind : 1);
    if (!out)
        return PyErr_NoMemory();
    int gap = 0;  /* whitespace since the last word, and a word before it */
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 ch = CHAR(i);
        if (IS(ch, SPACE)) {
            gap = length > 0;
            continue;
        }
        if (gap) {
            PyUnicode_WRITE(kind, out, length++, ' ');
            gap = 0;
        }
        PyUnicode_WRITE(kind, out, length++, ch);
    }
    PyObject *result = PyUnicode_FromKindAndData(kind, out, length);
    PyMem_Free(out);
    return result;
}

/* The Python int at list[i]. */
static Py_ssize_t
int_at(PyObject *list, Py_ssize_t i)
{
    return PyLong_AsSsize_t(PyList_GET_ITEM(list, i));
}

/* fragment(text, starts, ends, first, width, lead_chars) ->
       (flat, ranges, cut_start, cut_end, start, at): passages.fragment, Marked's fields. */
static PyObject *
fragment(PyObject *self, PyObject *args)
{
    PyObject *text, *starts, *ends;
    Py_ssize_t first, width, lead_chars;
    if (!PyArg_ParseTuple(args, "UO!O!nnn", &text, &PyList_Type, &starts, &PyList_Type, &ends, &first,
                          &width, &lead_chars))
        return NULL;
    Py_ssize_t count = PyList_GET_SIZE(starts), n = PyUnicode_GET_LENGTH(text);
    if (PyList_GET_SIZE(ends) != count || first < 0 || first >= count)
        return PyErr_Format(PyExc_IndexError, "no match %zd", first);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t at = int_at(starts, first), start = at - lead_chars < 0 ? 0 : at - lead_chars;
    Py_ssize_t newline = -1;
    for (Py_ssize_t i = (at < n ? at : n) - 1; i >= start; i--)  /* text.rfind("\n", start, at) */
        if (CHAR(i) == '\n') {
            newline = i;
            break;
        }
    start = newline != -1 ? newline + 1 : word_boundary(kind, data, n, start, 0);
    Py_ssize_t end = start + width;
    end = end < n ? word_boundary(kind, data, n, end, 1) : n;
    Py_ssize_t last_end = int_at(ends, first);
    if (last_end > end)
        end = last_end;
    if (PyErr_Occurred())
        return NULL;
    /* The matches inside: bisect_left(starts, start) up to bisect_right(ends, end). */
    Py_ssize_t lo = 0, hi = count, from, to;
    while (lo < hi) {
        Py_ssize_t mid = lo + (hi - lo) / 2;
        if (int_at(starts, mid) < start) lo = mid + 1; else hi = mid;
    }
    from = lo, lo = 0, hi = count;
    while (lo < hi) {
        Py_ssize_t mid = lo + (hi - lo) / 2;
        if (end < int_at(ends, mid)) hi = mid; else lo = mid + 1;
    }
    to = lo;
    if (PyErr_Occurred())
        return NULL;
    Py_ssize_t inside = to > from ? to - from : 0, lead = 0, piece_end = end < n ? end : n;
    Py_ssize_t *pairs = PyMem_Malloc((2 * inside + 1) * sizeof(Py_ssize_t));
    if (!pairs)
        return PyErr_NoMemory();
    for (Py_ssize_t k = 0; k < inside; k++) {
        pairs[2 * k] = int_at(starts, from + k) - start;
        pairs[2 * k + 1] = int_at(ends, from + k) - start;
    }
    while (start + lead < piece_end && IS(CHAR(start + lead), SPACE))
        lead++;
    PyObject *piece = PyUnicode_Substring(text, start, piece_end), *result = NULL;
    PyObject *flat = piece ? single_spaced(piece) : NULL;
    PyObject *ranges = flat ? collapse(piece, lead, pairs, inside) : NULL;
    if (ranges)  /* Marked(text, ranges, cut_start, cut_end, start, match_at) */
        result = Py_BuildValue("(ONOOnn)", flat, ranges, start > 0 ? Py_True : Py_False,
                               end < n ? Py_True : Py_False, start, at);
    PyMem_Free(pairs);
    Py_XDECREF(piece);
    Py_XDECREF(flat);
    return result;
}

/* ---- Finding the query's words (highlight.py) ---- */


static int
combining(Py_UCS4 ch)
{
    return ch >= 0x300 && ch <= 0x36f;
}

/* The end of the word (analysis.WORD_RE) that starts at i, where text[i] is alphanumeric:
   letters and digits, combining accents inside, an inner apostrophe (NGO's, zo'n). */
static Py_ssize_t
word_end(int kind, const void *data, Py_ssize_t n, Py_ssize_t i)
{
    for (;;) {
        while (i < n && IS(CHAR(i), ALNUM))
            i++;
        while (i < n && combining(CHAR(i))) {
            while (i < n && combining(CHAR(i)))
                i++;
            while (i < n && IS(CHAR(i), ALNUM))
                i++;
        }
        if (i + 1 < n && (CHAR(i) == '\'' || CHAR(i) == 0x2019) && IS(CHAR(i + 1), ALNUM)) {
            i++;
            continue;
        }
        return i;
    }
}

static int
by_offset(const void *a, const void *b)
{
    Py_ssize_t x = *(const Py_ssize_t *)a, y = *(const Py_ssize_t *)b;
    return (x > y) - (x < y);
}

typedef struct {
    Py_ssize_t *at;
    Py_ssize_t count, size;
} Starts;

static int
add_start(Starts *starts, Py_ssize_t at)
{
    if (starts->count == starts->size) {
        Py_ssize_t size = starts->size ? starts->size * 2 : 64;
        Py_ssize_t *grown = PyMem_Realloc(starts->at, size * sizeof(Py_ssize_t));
        if (!grown) {
            PyErr_NoMemory();
            return -1;
        }
        starts->at = grown;
        starts->size = size;
    }
    starts->at[starts->count++] = at;
    return 0;
}

/* The first place of needle in [from, end): memchr for its first byte, then memcmp
   (the needles are a few bytes, where memmem's set-up costs more than the search). */
static const char *
find_bytes(const char *from, const char *end, const char *needle, Py_ssize_t length)
{
    while (end - from >= length) {
        const char *hit = memchr(from, needle[0], end - from - length + 1);
        if (!hit)
            return NULL;
        if (memcmp(hit + 1, needle + 1, length - 1) == 0)
            return hit;
        from = hit + 1;
    }
    return NULL;
}

/* Where the words holding a prefix start, as highlight.anchored_words finds them:
   each (prefix, anywhere) is looked up in the folded bytes (one per character); a
   prefix looked for anywhere stands for the word around it, another only for a
   word it starts. */
static int
prefix_starts(PyObject *text, const char *folded, Py_ssize_t n, PyObject *prefixes, Starts *out)
{
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    for (Py_ssize_t p = 0; p < PyList_GET_SIZE(prefixes); p++) {
        PyObject *item = PyList_GET_ITEM(prefixes, p);
        const char *needle;
        Py_ssize_t length;
        int anywhere;
        if (!PyArg_ParseTuple(item, "y#p", &needle, &length, &anywhere))
            return -1;
        if (length == 0) {
            PyErr_SetString(PyExc_ValueError, "an empty prefix");
            return -1;
        }
        const char *from = folded, *end = folded + n, *hit;
        while (from < end && (hit = find_bytes(from, end, needle, length)) != NULL) {
            Py_ssize_t at = hit - folded;
            from = hit + 1;
            if (anywhere) {
                while (at && IS(CHAR(at - 1), ALNUM))
                    at--;
            }
            else if (at && IS(CHAR(at - 1), ALNUM))
                continue;
            if (add_start(out, at) < 0)
                return -1;
        }
    }
    qsort(out->at, out->count, sizeof(Py_ssize_t), by_offset);
    return 0;
}

/* Every word's start, as analysis.words finds them. */
static int
all_starts(PyObject *text, Starts *out)
{
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), i = 0;
    while (i < n) {
        if (!IS(CHAR(i), ALNUM)) {
            i++;
            continue;
        }
        if (add_start(out, i) < 0)
            return -1;
        i = word_end(kind, data, n, i);
    }
    return 0;
}


/* folded(text, table) -> bytes or None: highlight.folded_bytes in one pass. Each
   character's low byte (U+FFFD's for one beyond the BMP) through the table; None
   when the text holds a combining accent. */
static PyObject *
folded(PyObject *self, PyObject *args)
{
    PyObject *text;
    const char *table;
    Py_ssize_t table_size;
    if (!PyArg_ParseTuple(args, "Uy#", &text, &table, &table_size))
        return NULL;
    if (table_size != 256)
        return PyErr_Format(PyExc_ValueError, "the table must have 256 bytes");
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    PyObject *out = PyBytes_FromStringAndSize(NULL, n);
    if (!out)
        return NULL;
    unsigned char *to = (unsigned char *)PyBytes_AS_STRING(out);
    const unsigned char *map = (const unsigned char *)table;
    if (kind == PyUnicode_1BYTE_KIND) {  /* Latin-1: no combining accents, each byte its own */
        const unsigned char *from = data;
        for (Py_ssize_t i = 0; i < n; i++)
            to[i] = map[from[i]];
        return out;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 ch = CHAR(i);
        if (combining(ch)) {
            Py_DECREF(out);
            Py_RETURN_NONE;
        }
        to[i] = map[ch > 0xffff ? 0xfd : ch & 0xff];
    }
    return out;
}

static PyObject *term_kind, *part_kind;  /* "term" and "part", as Found.kind */

/* Found(start, end, item, kind) without calling its Python-level __new__. */
static PyObject *
new_found(PyTypeObject *found_type, Py_ssize_t start, Py_ssize_t end, PyObject *item, PyObject *how)
{
    PyObject *found = found_type->tp_alloc(found_type, 4);
    PyObject *a = PyLong_FromSsize_t(start), *b = PyLong_FromSsize_t(end);
    if (!found || !a || !b) {
        Py_XDECREF(found); Py_XDECREF(a); Py_XDECREF(b);
        return NULL;
    }
    PyTuple_SET_ITEM(found, 0, a);
    PyTuple_SET_ITEM(found, 1, b);
    PyTuple_SET_ITEM(found, 2, Py_NewRef(item));
    PyTuple_SET_ITEM(found, 3, Py_NewRef(how));
    return found;
}

/* The kind of a word: kinds[word], else kind_of(word), kept in kinds. Borrowed. */
static PyObject *
kind_for(PyObject *word, PyObject *kinds, PyObject *kind_of)
{
    PyObject *known = PyDict_GetItemWithError(kinds, word);
    if (known || PyErr_Occurred())
        return known;
    PyObject *made = PyObject_CallOneArg(kind_of, word);
    if (!made)
        return NULL;
    int failed = PyDict_SetItem(kinds, word, made);
    Py_DECREF(made);
    return failed ? NULL : made;  /* kinds holds it now */
}

/* One word's Found appended to found, if it stands for a wanted term. */
static int
add_found(PyObject *found, PyObject *not_heads, PyTypeObject *found_type, PyObject *kind,
          Py_ssize_t start, Py_ssize_t end)
{
    if (kind == Py_None)
        return 0;
    if (!PyTuple_Check(kind) || PyTuple_GET_SIZE(kind) != 3) {
        PyErr_SetString(PyExc_TypeError, "a word's kind must be (term, part, head) or None");
        return -1;
    }
    PyObject *term = PyTuple_GET_ITEM(kind, 0), *item;
    if (term != Py_None)
        item = new_found(found_type, start, end, term, term_kind);
    else {
        int head = PyObject_IsTrue(PyTuple_GET_ITEM(kind, 2));
        if (head < 0)
            return -1;
        if (!head) {
            PyObject *index = PyLong_FromSsize_t(PyList_GET_SIZE(found));
            int failed = !index || PyList_Append(not_heads, index) < 0;
            Py_XDECREF(index);
            if (failed)
                return -1;
        }
        item = new_found(found_type, start, end, PyTuple_GET_ITEM(kind, 1), part_kind);
    }
    int failed = !item || PyList_Append(found, item) < 0;
    Py_XDECREF(item);
    return failed ? -1 : 0;
}

/* found_words(text, folded, prefixes, kinds, kind_of, found_type) -> (found, not_heads):
   the first loop of highlight.Finder.terms_found. With folded None every word of the
   text is looked at, else those holding one of the prefixes, a list of (bytes, anywhere). */
static PyObject *
found_words(PyObject *self, PyObject *args)
{
    PyObject *text, *folded, *prefixes, *kinds, *kind_of, *found_type;
    if (!PyArg_ParseTuple(args, "UOOO!OO!", &text, &folded, &prefixes, &PyDict_Type, &kinds, &kind_of,
                          &PyType_Type, &found_type))
        return NULL;
    if (!PyType_IsSubtype((PyTypeObject *)found_type, &PyTuple_Type))
        return PyErr_Format(PyExc_TypeError, "found_type must be a tuple type");
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    Starts starts = {NULL, 0, 0};
    PyObject *found = PyList_New(0), *not_heads = PyList_New(0), *result = NULL;
    if (!found || !not_heads)
        goto done;
    if (folded == Py_None) {
        if (all_starts(text, &starts) < 0)
            goto done;
    }
    else {
        if (!PyBytes_Check(folded) || PyBytes_GET_SIZE(folded) != n || !PyList_Check(prefixes)) {
            PyErr_SetString(PyExc_TypeError, "folded must be bytes as long as the text, prefixes a list");
            goto done;
        }
        if (prefix_starts(text, PyBytes_AS_STRING(folded), n, prefixes, &starts) < 0)
            goto done;
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t last_end = -1;
    for (Py_ssize_t s = 0; s < starts.count; s++) {
        Py_ssize_t start = starts.at[s];
        if (start < last_end || !IS(CHAR(start), ALNUM))
            continue;  /* inside the word before, or no word starts there */
        last_end = word_end(kind, data, n, start);
        PyObject *word = PyUnicode_Substring(text, start, last_end);
        if (!word)
            goto done;
        PyObject *word_kind = kind_for(word, kinds, kind_of);
        Py_DECREF(word);
        if (!word_kind || add_found(found, not_heads, (PyTypeObject *)found_type, word_kind, start,
                                    last_end) < 0)
            goto done;
    }
    result = PyTuple_Pack(2, found, not_heads);
done:
    PyMem_Free(starts.at);
    Py_XDECREF(found);
    Py_XDECREF(not_heads);
    return result;
}


/* ---- A document's words (analysis.Lexicon.document) ---- */

/* word_ids(text, ids) -> bytes: for every word of the text (analysis.WORD_RE), in
   order, ids[word] as a native int32: Lexicon.document's scan. `ids` is a dict whose
   subclass's __missing__ gives a word met for the first time its id. */
static PyObject *
word_ids(PyObject *self, PyObject *args)
{
    PyObject *text, *ids;
    if (!PyArg_ParseTuple(args, "UO", &text, &ids))
        return NULL;
    if (!PyDict_Check(ids))
        return PyErr_Format(PyExc_TypeError, "ids must be a dict");
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), i = 0, count = 0;
    /* a word and the character after it: at most (n + 1) / 2 words */
    PyObject *out = PyBytes_FromStringAndSize(NULL, (n + 1) / 2 * (Py_ssize_t)sizeof(int32_t));
    if (!out)
        return NULL;
    int32_t *at = (int32_t *)PyBytes_AS_STRING(out);
    while (i < n) {
        if (!IS(CHAR(i), ALNUM)) {
            i++;
            continue;
        }
        Py_ssize_t end = word_end(kind, data, n, i);
        PyObject *word = PyUnicode_Substring(text, i, end);
        if (!word)
            goto fail;
        PyObject *id = PyDict_GetItemWithError(ids, word);  /* borrowed */
        if (id)
            Py_INCREF(id);
        else if (!PyErr_Occurred())
            id = PyObject_GetItem(ids, word);  /* the subclass's __missing__ */
        Py_DECREF(word);
        if (!id)
            goto fail;
        long value = PyLong_AsLong(id);
        Py_DECREF(id);
        if (value == -1 && PyErr_Occurred())
            goto fail;
        if (value < 0 || value > INT32_MAX) {
            PyErr_SetString(PyExc_ValueError, "a word id must fit in an int32");
            goto fail;
        }
        at[count++] = (int32_t)value;
        i = end;
    }
    if (_PyBytes_Resize(&out, count * (Py_ssize_t)sizeof(int32_t)) < 0)
        return NULL;
    return out;
fail:
    Py_DECREF(out);
    return NULL;
}


/* ---- A term's posting blocks, as Whoosh's W3 codec writes them (index/blocks.py) ---- */

/* Pickle protocol 2, as pickle.dumps(obj, 2) writes the few kinds of object a posting
   block holds: ints, floats, None, bytes and tuples of them, each tuple and bytes
   object memoised (BINPUT) in the order the pickler meets them. */
typedef struct {
    char *data;
    Py_ssize_t size, used;
    Py_ssize_t memo;      /* the next memo index */
    Py_ssize_t encode_at, latin1_at;  /* memo indices of _codecs.encode and 'latin1'; -1: not yet */
} Pickle;

static int
put(Pickle *p, const void *bytes, Py_ssize_t n)
{
    if (p->used + n > p->size) {
        Py_ssize_t size = (p->used + n) * 2 + 64;
        char *grown = PyMem_Realloc(p->data, size);
        if (!grown) {
            PyErr_NoMemory();
            return -1;
        }
        p->data = grown;
        p->size = size;
    }
    memcpy(p->data + p->used, bytes, n);
    p->used += n;
    return 0;
}

static int
put_op(Pickle *p, char op)
{
    return put(p, &op, 1);
}

static int
put_le32(Pickle *p, char op, uint32_t v)
{
    unsigned char b[5] = {(unsigned char)op, v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, (v >> 24) & 0xff};
    return put(p, b, 5);
}

static int
memo_put(Pickle *p)
{
    Py_ssize_t at = p->memo++;
    if (at < 256) {
        unsigned char b[2] = {'q', (unsigned char)at};
        return put(p, b, 2);
    }
    return put_le32(p, 'r', (uint32_t)at);  /* LONG_BINPUT */
}

static int
memo_get(Pickle *p, Py_ssize_t at)
{
    if (at < 256) {
        unsigned char b[2] = {'h', (unsigned char)at};
        return put(p, b, 2);
    }
    return put_le32(p, 'j', (uint32_t)at);  /* LONG_BINGET */
}

/* An int from -2**31 to 2**31 - 1: BININT1, BININT2 or BININT, as the pickler picks. */
static int
put_int(Pickle *p, int64_t v)
{
    if (v < INT32_MIN || v > INT32_MAX) {
        PyErr_SetString(PyExc_ValueError, "a posting block's int beyond 32 bits");
        return -1;
    }
    uint32_t u = (uint32_t)v;
    if (u >> 16) {
        return put_le32(p, 'J', u);
    }
    if (u >> 8) {
        unsigned char b[3] = {'M', u & 0xff, u >> 8};
        return put(p, b, 3);
    }
    unsigned char b[2] = {'K', (unsigned char)u};
    return put(p, b, 2);
}

static int
put_float(Pickle *p, double v)
{
    unsigned char b[9];
    b[0] = 'G';
    if (PyFloat_Pack8(v, (char *)b + 1, 0) < 0)  /* big-endian */
        return -1;
    return put(p, b, 9);
}

/* The op that ends a tuple of n items: TUPLE1-3, or TUPLE after start_tuple's MARK. */
static int
end_tuple(Pickle *p, Py_ssize_t n)
{
    static const char ops[] = {0, '\x85', '\x86', '\x87'};
    if (put_op(p, n <= 3 ? ops[n] : 't') < 0)
        return -1;
    return memo_put(p);
}

static int
start_tuple(Pickle *p, Py_ssize_t n)
{
    return n <= 3 ? 0 : put_op(p, '(');
}

/* bytes under protocol 2: _codecs.encode(its Latin-1 text, 'latin1'), by REDUCE. */
static int
put_bytes(Pickle *p, PyObject *bytes)
{
    const unsigned char *b = (const unsigned char *)PyBytes_AS_STRING(bytes);
    Py_ssize_t n = PyBytes_GET_SIZE(bytes), utf8 = n;
    if (n == 0) {
        PyErr_SetString(PyExc_ValueError, "an empty value in a posting block");
        return -1;
    }
    if (p->encode_at < 0) {
        if (put(p, "c_codecs\nencode\n", 16) < 0)
            return -1;
        p->encode_at = p->memo;
        if (memo_put(p) < 0)
            return -1;
    }
    else if (memo_get(p, p->encode_at) < 0)
        return -1;
    for (Py_ssize_t k = 0; k < n; k++)
        utf8 += b[k] >> 7;
    if (utf8 > UINT32_MAX) {
        PyErr_SetString(PyExc_ValueError, "a posting value beyond 4 GB");
        return -1;
    }
    if (put_le32(p, 'X', (uint32_t)utf8) < 0)
        return -1;
    for (Py_ssize_t k = 0; k < n; k++) {  /* its Latin-1 text as UTF-8 */
        unsigned char c[2] = {0xc0 | (b[k] >> 6), 0x80 | (b[k] & 0x3f)};
        if (b[k] < 0x80 ? put(p, b + k, 1) : put(p, c, 2))
            return -1;
    }
    if (memo_put(p) < 0)
        return -1;
    if (p->latin1_at < 0) {
        if (put(p, "X\x06\x00\x00\x00latin1", 11) < 0)
            return -1;
        p->latin1_at = p->memo;
        if (memo_put(p) < 0)
            return -1;
    }
    else if (memo_get(p, p->latin1_at) < 0)
        return -1;
    if (end_tuple(p, 2) < 0 || put_op(p, 'R') < 0)
        return -1;
    return memo_put(p);
}

/* A block's values as blocks.mini_values has them: None, bytes (a fixed value size), or
   a list of bytes, of which the empty ones are left out. */
static int
put_values(Pickle *p, PyObject *values)
{
    if (values == Py_None)
        return put_op(p, 'N');
    if (PyBytes_Check(values))
        return put_bytes(p, values);
    if (!PyList_Check(values)) {
        PyErr_SetString(PyExc_TypeError, "values must be None, bytes or a list of bytes");
        return -1;
    }
    Py_ssize_t n = PyList_GET_SIZE(values), kept = 0;
    for (Py_ssize_t k = 0; k < n; k++) {
        PyObject *v = PyList_GET_ITEM(values, k);
        if (!PyBytes_CheckExact(v)) {
            PyErr_SetString(PyExc_TypeError, "values must be None, bytes or a list of bytes");
            return -1;
        }
        kept += PyBytes_GET_SIZE(v) > 0;
    }
    if (kept == 0)
        return put_op(p, ')');  /* EMPTY_TUPLE: not memoised */
    /* The memo, by identity: the pickler writes a bytes object met before as a BINGET. */
    Py_ssize_t slots = 4;
    while (slots < 2 * kept)
        slots *= 2;
    struct { PyObject *obj; Py_ssize_t at; } *seen = PyMem_Calloc(slots, sizeof *seen);
    if (!seen) {
        PyErr_NoMemory();
        return -1;
    }
    int status = start_tuple(p, kept);
    for (Py_ssize_t k = 0; k < n && status == 0; k++) {
        PyObject *v = PyList_GET_ITEM(values, k);
        if (!PyBytes_GET_SIZE(v))
            continue;
        Py_ssize_t slot = (Py_ssize_t)(((uintptr_t)v >> 4) * 0x9E3779B97F4A7C15ULL >> 32) & (slots - 1);
        while (seen[slot].obj && seen[slot].obj != v)
            slot = (slot + 1) & (slots - 1);
        if (seen[slot].obj)
            status = memo_get(p, seen[slot].at);
        else {
            status = put_bytes(p, v);
            seen[slot].obj = v;
            seen[slot].at = p->memo - 1;  /* put_bytes memoises the bytes object last */
        }
    }
    PyMem_Free(seen);
    return status < 0 ? -1 : end_tuple(p, kept);
}

static PyObject *zlib_compress;  /* zlib.compress, imported at first use */

static PyObject *
compressed(PyObject *data, int level)
{
    if (!zlib_compress) {
        PyObject *zlib = PyImport_ImportModule("zlib");
        zlib_compress = zlib ? PyObject_GetAttrString(zlib, "compress") : NULL;
        Py_XDECREF(zlib);
        if (!zlib_compress)
            return NULL;
    }
    return PyObject_CallFunction(zlib_compress, "Oi", data, level);
}

static int
get_buffer(PyObject *obj, Py_buffer *view, Py_ssize_t itemsize, const char *what)
{
    if (PyObject_GetBuffer(obj, view, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) < 0)
        return -1;
    if (view->itemsize != itemsize) {
        PyBuffer_Release(view);
        PyErr_Format(PyExc_TypeError, "%s must hold items of %zd bytes", what, itemsize);
        return -1;
    }
    return 0;
}

/* The block's pickled (deltas, weights, values), compressed when `comp`. */
static PyObject *
block_data(const int64_t *deltas, const float *stored, Py_ssize_t first, Py_ssize_t end, int kind,
           PyObject *values, int comp)
{
    Pickle p = {NULL, 0, 0, 0, -1, -1};
    PyObject *data = NULL;
    Py_ssize_t n = end - first;
    if (put(&p, "\x80\x02", 2) < 0 || start_tuple(&p, n) < 0)
        goto done;
    for (Py_ssize_t k = first; k < end; k++)
        if (put_int(&p, deltas[k]) < 0)
            goto done;
    if (end_tuple(&p, n) < 0)
        goto done;
    if (kind < 0) {
        if (put_op(&p, 'N') < 0)
            goto done;
    }
    else if (kind == 0) {
        if (put_float(&p, stored[first]) < 0)
            goto done;
    }
    else {
        if (start_tuple(&p, n) < 0)
            goto done;
        for (Py_ssize_t k = first; k < end; k++)
            if (put_float(&p, stored[k]) < 0)
                goto done;
        if (end_tuple(&p, n) < 0)
            goto done;
    }
    if (put_values(&p, values) < 0 || end_tuple(&p, 3) < 0 || put_op(&p, '.') < 0)
        goto done;
    data = PyBytes_FromStringAndSize(p.data, p.used);
    if (data && comp)
        Py_SETREF(data, compressed(data, comp));
done:
    PyMem_Free(p.data);
    return data;
}

/* The block's info: pickle.dumps((count, last docnum, top, comp, shortest, longest), 2). */
static int
block_info(Pickle *p, Py_ssize_t count, int64_t last_doc, PyObject *top, int comp, long shortest,
           long longest)
{
    if (put(p, "\x80\x02", 2) < 0 || start_tuple(p, 6) < 0 || put_int(p, count) < 0
            || put_int(p, last_doc) < 0)
        return -1;
    if (PyFloat_CheckExact(top)) {
        if (put_float(p, PyFloat_AS_DOUBLE(top)) < 0)
            return -1;
    }
    else {
        long v = PyLong_AsLong(top);
        if ((v == -1 && PyErr_Occurred()) || put_int(p, v) < 0)
            return -1;
    }
    if (put_int(p, comp) < 0 || put_int(p, shortest) < 0 || put_int(p, longest) < 0)
        return -1;
    if (end_tuple(p, 6) < 0)
        return -1;
    return put_op(p, '.');
}

/* posting_block(out, deltas, stored, docs, first, end, kind, values, top, comp, shortest,
   longest, last) -> the block's weight total, or None: one iteration of
   blocks.TermWriter.write's loop. Appends to the bytearray `out` the block's length
   (negative for a term's last block), its pickled info and its (compressed) data.
   deltas int64, stored float32, docs uint32: the field's arrays; kind as
   TermWriter.weight_kinds. The total is None unless every weight is a whole number
   (then any order of adding gives it exactly; else the caller adds them as Python does). */
static PyObject *
posting_block(PyObject *self, PyObject *args)
{
    PyObject *out, *deltas_obj, *stored_obj, *docs_obj, *values, *top;
    Py_ssize_t first, end;
    int kind, comp, last;
    long shortest, longest;
    if (!PyArg_ParseTuple(args, "O!OOOnniOOillp", &PyByteArray_Type, &out, &deltas_obj, &stored_obj,
                          &docs_obj, &first, &end, &kind, &values, &top, &comp, &shortest, &longest,
                          &last))
        return NULL;
    Py_buffer deltas, stored, docs;
    if (get_buffer(deltas_obj, &deltas, 8, "deltas") < 0)
        return NULL;
    if (get_buffer(stored_obj, &stored, 4, "stored") < 0) {
        PyBuffer_Release(&deltas);
        return NULL;
    }
    if (get_buffer(docs_obj, &docs, 4, "docs") < 0) {
        PyBuffer_Release(&deltas);
        PyBuffer_Release(&stored);
        return NULL;
    }
    PyObject *result = NULL, *data = NULL;
    Pickle info = {NULL, 0, 0, 0, -1, -1};
    Py_ssize_t items = Py_MIN(Py_MIN(deltas.len / 8, stored.len / 4), docs.len / 4);
    if (first < 0 || end <= first || end > items) {
        PyErr_SetString(PyExc_IndexError, "a block beyond the field's postings");
        goto done;
    }
    const int64_t *d = deltas.buf;
    const float *w = stored.buf;
    data = block_data(d, w, first, end, kind, values, comp);
    if (!data || block_info(&info, end - first, ((const uint32_t *)docs.buf)[end - 1], top, comp,
                            shortest, longest) < 0)
        goto done;
    Py_ssize_t size = info.used + PyBytes_GET_SIZE(data);
    if (size > INT32_MAX) {
        PyErr_SetString(PyExc_ValueError, "a posting block beyond 2 GB");
        goto done;
    }
    uint32_t length = last ? (uint32_t)(-(int32_t)size) : (uint32_t)size;
    unsigned char be[4] = {length >> 24, (length >> 16) & 0xff, (length >> 8) & 0xff, length & 0xff};
    Py_ssize_t at = PyByteArray_GET_SIZE(out);
    if (PyByteArray_Resize(out, at + 4 + size) < 0)
        goto done;
    char *to = PyByteArray_AS_STRING(out) + at;
    memcpy(to, be, 4);
    memcpy(to + 4, info.data, info.used);
    memcpy(to + 4 + info.used, PyBytes_AS_STRING(data), PyBytes_GET_SIZE(data));
    double total = 0, magnitude = 0;
    int whole = 1;
    for (Py_ssize_t k = first; k < end; k++) {
        total += w[k];
        magnitude += fabs(w[k]);
        if (!(fabs(w[k]) < 9e15) || (double)(int64_t)w[k] != (double)w[k])
            whole = 0;
    }
    whole &= magnitude < 9e15;  /* whole numbers add up exactly below 2**53 */
    result = whole ? PyFloat_FromDouble(total) : Py_NewRef(Py_None);
done:
    Py_XDECREF(data);
    PyMem_Free(info.data);
    PyBuffer_Release(&deltas);
    PyBuffer_Release(&stored);
    PyBuffer_Release(&docs);
    return result;
}


/* ---- Ordering a segment's postings by term (pool.TokenField.postings) ---- */

/* stable_order(keys, bound) -> bytes: np.argsort(keys, kind="stable") as native
   int64s, for int32 keys from 0 to bound - 1, by counting sort: one pass to count, one
   to place, where numpy's stable sort of 32-bit keys is a merge sort. */
static PyObject *
stable_order(PyObject *self, PyObject *args)
{
    PyObject *keys_obj;
    Py_ssize_t bound;
    if (!PyArg_ParseTuple(args, "On", &keys_obj, &bound))
        return NULL;
    if (bound < 0)
        return PyErr_Format(PyExc_ValueError, "bound must not be negative");
    Py_buffer keys;
    if (get_buffer(keys_obj, &keys, 4, "keys") < 0)
        return NULL;
    const int32_t *key = keys.buf;
    Py_ssize_t n = keys.len / 4;
    PyObject *out = NULL;
    Py_ssize_t *next = PyMem_Calloc(bound + 1, sizeof(Py_ssize_t));
    if (!next) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        if (key[i] < 0 || key[i] >= bound) {
            PyErr_SetString(PyExc_ValueError, "a key outside 0 .. bound - 1");
            goto done;
        }
        next[key[i] + 1]++;
    }
    for (Py_ssize_t k = 1; k <= bound; k++)  /* where each key's first goes */
        next[k] += next[k - 1];
    out = PyBytes_FromStringAndSize(NULL, n * (Py_ssize_t)sizeof(int64_t));
    if (!out)
        goto done;
    int64_t *order = (int64_t *)PyBytes_AS_STRING(out);
    for (Py_ssize_t i = 0; i < n; i++)
        order[next[key[i]]++] = i;
done:
    PyMem_Free(next);
    PyBuffer_Release(&keys);
    return out;
}


/* ---- The companion's lexicons (companion.Lexicon.find) ---- */

/* find_word(blob, offsets, itemsize, word) -> index or -1: binary search in sorted byte
   strings, word i being blob[offsets[i]:offsets[i + 1]]; offsets (one more than the
   words) are unsigned integers of `itemsize` bytes, 4 or 8, as the companion stores them. */
static PyObject *
find_word(PyObject *self, PyObject *args)
{
    Py_buffer blob, offsets, word;
    int itemsize;
    if (!PyArg_ParseTuple(args, "y*y*iy*", &blob, &offsets, &itemsize, &word))
        return NULL;
    PyObject *result = NULL;
    const char *bytes = blob.buf;
    const uint32_t *narrow = offsets.buf;
    const uint64_t *wide = offsets.buf;
    Py_ssize_t count = (itemsize == 4 || itemsize == 8) && offsets.len % itemsize == 0
        ? offsets.len / itemsize - 1 : -2;
#define BOUND(i) ((Py_ssize_t)(itemsize == 4 ? narrow[i] : wide[i]))
    if (count < -1 || (count >= 0 && BOUND(count) > blob.len)) {
        PyErr_SetString(PyExc_ValueError, "the offsets do not fit the blob");
        goto done;
    }
    Py_ssize_t lo = 0, hi = count > 0 ? count : 0;
    while (lo < hi) {  /* the first word not below `word`, as bytes compare */
        Py_ssize_t mid = lo + (hi - lo) / 2, length = BOUND(mid + 1) - BOUND(mid);
        if (length < 0 || BOUND(mid + 1) > blob.len) {  /* a damaged file: never read past it */
            PyErr_SetString(PyExc_ValueError, "the offsets are not in order");
            goto done;
        }
        int order = memcmp(bytes + BOUND(mid), word.buf, length < word.len ? length : word.len);
        if (order < 0 || (order == 0 && length < word.len))
            lo = mid + 1;
        else
            hi = mid;
    }
    int same = lo < count && BOUND(lo + 1) - BOUND(lo) == word.len
        && memcmp(bytes + BOUND(lo), word.buf, word.len) == 0;
#undef BOUND
    result = PyLong_FromSsize_t(same ? lo : -1);
done:
    PyBuffer_Release(&blob);
    PyBuffer_Release(&offsets);
    PyBuffer_Release(&word);
    return result;
}


/* ---- Why a hit matched (why.py) ---- */

/* distinct_reasons(found_in, reason_of, reason_for, limit) -> reasons: why.distinct_reasons,
   the distinct reason_for(shown, item, kind) of the (text, found) pairs, in order, at most
   limit; reason_of keeps them by (shown, item, kind) for the next hits of the query. */
static PyObject *
distinct_reasons(PyObject *self, PyObject *args)
{
    PyObject *found_in, *reason_of, *reason_for;
    Py_ssize_t limit;
    if (!PyArg_ParseTuple(args, "O!O!On", &PyList_Type, &found_in, &PyDict_Type, &reason_of,
                          &reason_for, &limit))
        return NULL;
    PyObject *out = PyList_New(0), *seen = PySet_New(NULL);
    if (!out || !seen)
        goto fail;
    for (Py_ssize_t t = 0; t < PyList_GET_SIZE(found_in) && PyList_GET_SIZE(out) < limit; t++) {
        PyObject *pair = PyList_GET_ITEM(found_in, t), *text, *found;
        if (!PyArg_ParseTuple(pair, "UO!", &text, &PyList_Type, &found))
            goto fail;
        Py_ssize_t n = PyUnicode_GET_LENGTH(text);  /* offsets are clamped as slicing clamps */
        for (Py_ssize_t f = 0; f < PyList_GET_SIZE(found) && PyList_GET_SIZE(out) < limit; f++) {
            PyObject *one = PyList_GET_ITEM(found, f);
            if (!PyTuple_Check(one) || PyTuple_GET_SIZE(one) != 4) {
                PyErr_SetString(PyExc_TypeError, "a found must be (start, end, item, kind)");
                goto fail;
            }
            Py_ssize_t start = PyLong_AsSsize_t(PyTuple_GET_ITEM(one, 0));
            Py_ssize_t end = PyLong_AsSsize_t(PyTuple_GET_ITEM(one, 1));
            if ((start == -1 || end == -1) && PyErr_Occurred())
                goto fail;
            if (start < 0 || end < 0) {
                PyErr_SetString(PyExc_ValueError, "a found's offsets cannot be negative");
                goto fail;
            }
            start = start > n ? n : start;
            end = end < start ? start : end > n ? n : end;
            PyObject *shown = PyUnicode_Substring(text, start, end);
            PyObject *key = shown ? PyTuple_Pack(3, shown, PyTuple_GET_ITEM(one, 2),
                                                 PyTuple_GET_ITEM(one, 3)) : NULL;
            PyObject *reason = key ? PyDict_GetItemWithError(reason_of, key) : NULL;
            Py_XINCREF(reason);
            if (key && !reason && !PyErr_Occurred()) {
                reason = PyObject_CallFunctionObjArgs(reason_for, shown, PyTuple_GET_ITEM(one, 2),
                                                      PyTuple_GET_ITEM(one, 3), NULL);
                if (reason && PyDict_SetItem(reason_of, key, reason) < 0)
                    Py_CLEAR(reason);
            }
            Py_XDECREF(shown);
            Py_XDECREF(key);
            if (!reason)
                goto fail;
            int known = PySet_Contains(seen, reason);
            int failed = known < 0 || (!known && (PySet_Add(seen, reason) < 0
                                                  || PyList_Append(out, reason) < 0));
            Py_DECREF(reason);
            if (failed)
                goto fail;
        }
    }
    Py_DECREF(seen);
    return out;
fail:
    Py_XDECREF(out);
    Py_XDECREF(seen);
    return NULL;
}


/* ---- Set algebra over sorted docnums (engine.merged, engine.intersect) ---- */

typedef struct {
    Py_buffer view;
    char kind;  /* 'H' uint16, 'I' uint32, 'i' int32, 'q' int64, 'd' float64 */
    Py_ssize_t length;
} Array;

/* A C-contiguous one-dimensional numpy array (or other buffer) of one of the kinds. */
static int
get_array(PyObject *obj, Array *out, int writable)
{
    if (PyObject_GetBuffer(obj, &out->view, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT
                           | (writable ? PyBUF_WRITABLE : 0)) < 0)
        return -1;
    const char *format = out->view.format ? out->view.format : "B";
    if (*format == '=' || *format == '<' || *format == '@')
        format++;
    char f = *format;
    Py_ssize_t size = out->view.itemsize;
    out->kind = (f == 'H' && size == 2) ? 'H' : ((f == 'I' || f == 'L') && size == 4) ? 'I'
        : ((f == 'i' || f == 'l') && size == 4) ? 'i' : ((f == 'l' || f == 'q') && size == 8) ? 'q'
        : (f == 'd' && size == 8) ? 'd' : 0;
    if (!out->kind || out->view.ndim > 1) {
        PyErr_Format(PyExc_TypeError, "an array of docnums or scores, not format %s", format);
        PyBuffer_Release(&out->view);
        return -1;
    }
    out->length = out->view.len / size;
    return 0;
}

static inline int64_t
id_at(const Array *a, Py_ssize_t i)
{
    switch (a->kind) {
    case 'H': return ((const uint16_t *)a->view.buf)[i];
    case 'I': return ((const uint32_t *)a->view.buf)[i];
    case 'i': return ((const int32_t *)a->view.buf)[i];
    default: return ((const int64_t *)a->view.buf)[i];
    }
}

static void
release(Array *arrays, Py_ssize_t count)
{
    for (Py_ssize_t k = 0; k < count; k++)
        PyBuffer_Release(&arrays[k].view);
}

/* The parts' docnum and score arrays, and the two outputs (int64, float64), each at
   least `need` long (need: -1 for the sum of the parts' lengths, -2 for the first's). */
static Py_ssize_t
get_parts(PyObject *args, Array **parts, Array *out_ids, Array *out_scores, Py_ssize_t need)
{
    PyObject *ids, *scores, *oi, *os;
    if (!PyArg_ParseTuple(args, "O!O!OO", &PyList_Type, &ids, &PyList_Type, &scores, &oi, &os))
        return -1;
    Py_ssize_t k = PyList_GET_SIZE(ids), got = 0, total = 0;
    if (PyList_GET_SIZE(scores) != k || k == 0) {
        PyErr_SetString(PyExc_ValueError, "as many score arrays as docnum arrays, at least one");
        return -1;
    }
    *parts = PyMem_Calloc(2 * k, sizeof(Array));
    if (!*parts) {
        PyErr_NoMemory();
        return -1;
    }
    for (; got < 2 * k; got++) {
        PyObject *obj = got < k ? PyList_GET_ITEM(ids, got) : PyList_GET_ITEM(scores, got - k);
        if (get_array(obj, &(*parts)[got], 0) < 0)
            goto fail;
        if ((got < k) == ((*parts)[got].kind == 'd')
                || (got >= k && (*parts)[got].length != (*parts)[got - k].length)) {
            PyErr_SetString(PyExc_TypeError, "docnums must be integers, scores float64, as many");
            got++;
            goto fail;
        }
        if (got < k)
            total += (*parts)[got].length;
    }
    if (get_array(oi, out_ids, 1) < 0)
        goto fail;
    if (get_array(os, out_scores, 1) < 0) {
        PyBuffer_Release(&out_ids->view);
        goto fail;
    }
    Py_ssize_t wanted = need == -1 ? total : (*parts)[0].length;
    if (out_ids->kind != 'q' || out_scores->kind != 'd' || out_ids->length < wanted
            || out_scores->length < wanted) {
        PyErr_SetString(PyExc_ValueError, "the outputs must be int64 and float64, long enough");
        PyBuffer_Release(&out_ids->view);
        PyBuffer_Release(&out_scores->view);
        goto fail;
    }
    return k;
fail:
    release(*parts, got);
    PyMem_Free(*parts);
    return -1;
}

typedef Py_ssize_t (*Merge)(const Array *parts, Py_ssize_t k, Py_ssize_t *at, int64_t *ids,
                            double *scores);

/* A merge over the arguments (ids, scores, out_ids, out_scores) -> the documents written. */
static PyObject *
run_merge(PyObject *args, Py_ssize_t need, Merge merge)
{
    Array *parts, out_ids, out_scores;
    Py_ssize_t k = get_parts(args, &parts, &out_ids, &out_scores, need), n = -1;
    if (k < 0)
        return NULL;
    Py_ssize_t *at = PyMem_Calloc(k, sizeof(Py_ssize_t));  /* each part's position */
    if (at)
        n = merge(parts, k, at, out_ids.view.buf, out_scores.view.buf);
    else
        PyErr_NoMemory();
    PyMem_Free(at);
    release(parts, 2 * k);
    PyMem_Free(parts);
    PyBuffer_Release(&out_ids.view);
    PyBuffer_Release(&out_scores.view);
    return n < 0 ? NULL : PyLong_FromSsize_t(n);
}

#define SCORE(p, i) (((const double *)parts[k + (p)].view.buf)[i])

#define MAX_UNION 8  /* engine.MAX_MERGED parts at most */

static Py_ssize_t
union_of(const Array *parts, Py_ssize_t k, Py_ssize_t *at, int64_t *ids, double *scores)
{
    int64_t heads[MAX_UNION];  /* each part's next docnum, INT64_MAX when it is done */
    if (k > MAX_UNION) {
        PyErr_Format(PyExc_ValueError, "at most %d parts", MAX_UNION);
        return -1;
    }
    for (Py_ssize_t p = 0; p < k; p++)
        heads[p] = parts[p].length ? id_at(&parts[p], 0) : INT64_MAX;
    Py_ssize_t n = 0;
    for (;;) {
        int64_t low = heads[0];
        for (Py_ssize_t p = 1; p < k; p++)
            low = heads[p] < low ? heads[p] : low;
        if (low == INT64_MAX)
            return n;
        double sum = 0.0;
        for (Py_ssize_t p = 0; p < k; p++)
            if (heads[p] == low) {
                sum += SCORE(p, at[p]);
                heads[p] = ++at[p] < parts[p].length ? id_at(&parts[p], at[p]) : INT64_MAX;
            }
        ids[n] = low;
        scores[n++] = sum;
    }
}

/* union_sum(ids, scores, out_ids, out_scores) -> n: engine.merged. The union of sorted
   unique docnums, each document's scores added in the parts' order. */
static PyObject *
union_sum(PyObject *self, PyObject *args)
{
    return run_merge(args, -1, union_of);
}

/* The first position at or after `from` whose docnum is not below `id` (galloping). */
static Py_ssize_t
seek(const Array *a, Py_ssize_t from, int64_t id)
{
    Py_ssize_t step = 1, hi = from;
    while (hi < a->length && id_at(a, hi) < id) {
        from = hi + 1;
        hi += step;
        step *= 2;
    }
    if (hi > a->length)
        hi = a->length;
    while (from < hi) {
        Py_ssize_t mid = from + (hi - from) / 2;
        if (id_at(a, mid) < id)
            from = mid + 1;
        else
            hi = mid;
    }
    return from;
}

static Py_ssize_t
intersection_of(const Array *parts, Py_ssize_t k, Py_ssize_t *at, int64_t *ids, double *scores)
{
    Py_ssize_t n = 0;
    for (Py_ssize_t i = 0; i < parts[0].length; i++) {
        int64_t id = id_at(&parts[0], i);
        double sum = SCORE(0, i);
        Py_ssize_t p = 1;
        for (; p < k; p++) {
            at[p] = seek(&parts[p], at[p], id);
            if (at[p] == parts[p].length || id_at(&parts[p], at[p]) != id)
                break;
            sum += SCORE(p, at[p]);
        }
        if (p == k) {
            ids[n] = id;
            scores[n++] = sum;
        }
    }
    return n;
}

#undef SCORE

/* intersect_sum(ids, scores, out_ids, out_scores) -> n: engine.intersect over parts
   already in its order. The first part's documents that every other part has, scores
   added part after part. */
static PyObject *
intersect_sum(PyObject *self, PyObject *args)
{
    return run_merge(args, -2, intersection_of);
}

/* init(punctuation, separators, leaders, short_line_chars): passages.py's constants. */
static PyObject *
init(PyObject *self, PyObject *args)
{
    PyObject *p, *s, *l;
    long chars;
    if (!PyArg_ParseTuple(args, "UUO!l", &p, &s, &PyTuple_Type, &l, &chars))
        return NULL;
    for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(l); k++) {
        PyObject *leader = PyTuple_GET_ITEM(l, k);
        if (!PyUnicode_Check(leader) || !PyUnicode_GET_LENGTH(leader))
            return PyErr_Format(PyExc_TypeError, "leaders must be non-empty str");
        Py_UCS4 first = PyUnicode_READ_CHAR(leader, 0);
        if (first < 128 && first != '.' && first != '_')
            return PyErr_Format(PyExc_ValueError, "has_leader expects leaders to start with . _ "
                                "or a non-ASCII character");
    }
    Py_XSETREF(punctuation, Py_NewRef(p));
    Py_XSETREF(separators, Py_NewRef(s));
    Py_XSETREF(leaders, Py_NewRef(l));
    short_line_chars = chars;
    for (Py_UCS4 ch = 0; ch < 256; ch++)
        latin1_class[ch] = class_of_slow(ch);
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"init", init, METH_VARARGS, "Set the constants from passages.py."},
    {"prose_quality", prose_quality, METH_O, "passages.prose_quality in C."},
    {"best_window", best_window, METH_VARARGS, "passages.best_window in C."},
    {"match_keys", match_keys, METH_VARARGS, "passages.Keys' loop in C."},
    {"collapsed_ranges", collapsed_ranges, METH_VARARGS, "passages.collapsed_ranges in C."},
    {"fragment", fragment, METH_VARARGS, "passages.fragment in C (Marked's fields)."},
    {"union_sum", union_sum, METH_VARARGS, "engine.merged in C."},
    {"intersect_sum", intersect_sum, METH_VARARGS, "engine.intersect in C."},
    {"find_word", find_word, METH_VARARGS, "companion.Lexicon.find in C."},
    {"folded", folded, METH_VARARGS, "highlight.folded_bytes in C."},
    {"found_words", found_words, METH_VARARGS, "highlight.Finder.terms_found's word loop in C."},
    {"distinct_reasons", distinct_reasons, METH_VARARGS, "why.distinct_reasons in C."},
    {"word_ids", word_ids, METH_VARARGS, "analysis.Lexicon.document's word scan in C."},
    {"posting_block", posting_block, METH_VARARGS, "one block of blocks.TermWriter.write in C."},
    {"stable_order", stable_order, METH_VARARGS, "np.argsort(keys, kind='stable') by counting, in C."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_native", NULL, -1, methods};

PyMODINIT_FUNC
PyInit__native(void)
{
    for (Py_UCS4 ch = 0; ch < 256; ch++)  /* init() adds the punctuation and separators */
        latin1_class[ch] = class_of_slow(ch);
    term_kind = PyUnicode_InternFromString("term");
    part_kind = PyUnicode_InternFromString("part");
    if (!term_kind || !part_kind)
        return NULL;
    return PyModule_Create(&module);
}
