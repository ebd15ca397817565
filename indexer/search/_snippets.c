/* The passage choice's two inner loops in C: prose_quality and best_window.

   Both do exactly what their Python definitions in passages.py do (the tests
   hold the two to each other on generated input); passages.py uses these
   when the extension is built and its own code otherwise. They run for
   several windows of every hit, where Python's per-token loop was the cost. */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdlib.h>

/* Set by init() from passages.py, so the constants live in one place. */
static PyObject *punctuation;   /* str: stripped from a token's ends */
static PyObject *separators;    /* str: a token that is one of these is a separator */
static PyObject *leaders;       /* tuple of str: any of them in a window means dot leaders */
static long short_line_chars;

static int
initialised(void)
{
    if (!leaders)
        PyErr_SetString(PyExc_RuntimeError, "_snippets.init() was not called");
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

/* token.isalpha() for text[a:b], b > a. */
static int
all_alpha(int kind, const void *data, Py_ssize_t a, Py_ssize_t b)
{
    for (Py_ssize_t i = a; i < b; i++)
        if (!Py_UNICODE_ISALPHA(PyUnicode_READ(kind, data, i)))
            return 0;
    return 1;
}

/* Whether text[a:b] counts as a word: two or more characters, letters once
   punctuation is stripped from its ends. */
static int
is_word(int kind, const void *data, Py_ssize_t a, Py_ssize_t b)
{
    if (b - a < 2)
        return 0;
    if (all_alpha(kind, data, a, b))
        return 1;
    while (a < b && in_str(punctuation, PyUnicode_READ(kind, data, a)))
        a++;
    while (b > a && in_str(punctuation, PyUnicode_READ(kind, data, b - 1)))
        b--;
    return b > a && all_alpha(kind, data, a, b);
}

/* Short lines: at least three non-blank lines whose mean length is below
   short_line_chars (a menu or a table). */
static int
short_lines(int kind, const void *data, Py_ssize_t n)
{
    Py_ssize_t lines = 0, chars = 0, start = 0;
    for (Py_ssize_t i = 0; i <= n; i++) {
        if (i < n && PyUnicode_READ(kind, data, i) != '\n')
            continue;
        int blank = 1;
        for (Py_ssize_t k = start; k < i && blank; k++)
            if (!Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, k)))
                blank = 0;
        if (!blank) {
            lines++;
            chars += i - start;
        }
        start = i + 1;
    }
    return lines >= 3 && (double)chars / (double)lines < (double)short_line_chars;
}

static double
quality_of(PyObject *text)
{
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    Py_ssize_t tokens = 0, words = 0, token_chars = 0, seps = 0, newlines = 0, i = 0;
    while (i < n) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        if (Py_UNICODE_ISSPACE(ch)) {
            newlines += ch == '\n';
            i++;
            continue;
        }
        Py_ssize_t a = i;
        while (i < n && !Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, i)))
            i++;
        tokens++;
        token_chars += i - a;
        words += is_word(kind, data, a, i);
        seps += i - a == 1 && in_str(separators, ch);
    }
    if (!tokens)
        return 0.05;
    double quality = (double)words / (double)tokens;
    for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(leaders); k++) {
        Py_ssize_t at = PyUnicode_Find(text, PyTuple_GET_ITEM(leaders, k), 0, n, 1);
        if (at == -2)
            return -1.0;
        if (at >= 0) {
            quality *= 0.25;
            break;
        }
    }
    if (seps >= 2)
        quality *= 0.5;
    if (newlines >= 2 && token_chars < short_line_chars * (newlines + 1) && short_lines(kind, data, n))
        quality *= 0.5;
    return quality > 0.05 ? quality : 0.05;
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
    double quality = quality_of(text);
    return quality < 0 ? NULL : PyFloat_FromDouble(quality);
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

/* The prose quality of the window starting at `start`, through the cache dict. */
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
    PyObject *piece = PyUnicode_Substring(text, start, stop);
    double quality = piece ? quality_of(piece) : -1;
    Py_XDECREF(piece);
    PyObject *value = quality < 0 ? NULL : PyFloat_FromDouble(quality);
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

/* init(punctuation, separators, leaders, short_line_chars): passages.py's constants. */
static PyObject *
init(PyObject *self, PyObject *args)
{
    PyObject *p, *s, *l;
    long chars;
    if (!PyArg_ParseTuple(args, "UUO!l", &p, &s, &PyTuple_Type, &l, &chars))
        return NULL;
    for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(l); k++)
        if (!PyUnicode_Check(PyTuple_GET_ITEM(l, k)))
            return PyErr_Format(PyExc_TypeError, "leaders must be str");
    Py_XSETREF(punctuation, Py_NewRef(p));
    Py_XSETREF(separators, Py_NewRef(s));
    Py_XSETREF(leaders, Py_NewRef(l));
    short_line_chars = chars;
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"init", init, METH_VARARGS, "Set the constants from passages.py."},
    {"prose_quality", prose_quality, METH_O, "passages.prose_quality in C."},
    {"best_window", best_window, METH_VARARGS, "passages.best_window in C."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_snippets", NULL, -1, methods};

PyMODINIT_FUNC
PyInit__snippets(void)
{
    return PyModule_Create(&module);
}
