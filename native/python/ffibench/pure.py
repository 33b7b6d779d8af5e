"""Binding "python": the pure-Python baseline, same functions, no native call."""

import os


def return_int():
    return 42


def add(a, b):
    return a + b


def bytes_len(b):
    return len(b)


def str_len(s):
    return len(s.encode())


def sum_array(buf):
    return sum(buf)


def get_pid():
    return os.getpid()
