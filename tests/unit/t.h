/* t.h - a very small unit test harness.  TEST(name) { ... } registers a
 * test; T_ASSERT and friends record failures with file:line and go on. */
#ifndef TC_T_H
#define TC_T_H

#include <stdio.h>
#include <string.h>

typedef void (*t_fn)(void);
void	t_register(const char *name, t_fn fn);
void	t_fail(const char *file, int line, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

#define TEST(name)							\
	static void test_##name(void);					\
	__attribute__((constructor)) static void reg_##name(void)	\
	{ t_register(#name, test_##name); }				\
	static void test_##name(void)

#define T_ASSERT(c) do { if (!(c))					\
	t_fail(__FILE__, __LINE__, "assertion failed: %s", #c); } while (0)
#define T_EQ(a, b) do { long long a_ = (long long)(a), b_ = (long long)(b); \
	if (a_ != b_) t_fail(__FILE__, __LINE__, "%s == %lld, expected %lld", \
	    #a, a_, b_); } while (0)
#define T_STREQ(a, b) do { const char *a_ = (a), *b_ = (b);		\
	if (strcmp(a_, b_) != 0) t_fail(__FILE__, __LINE__,		\
	    "%s:\n  got      \"%s\"\n  expected \"%s\"", #a, a_, b_); } while (0)
#define T_MEMEQ(a, b, n) do { if (memcmp((a), (b), (n)) != 0)		\
	t_fail(__FILE__, __LINE__, "%s differs from %s", #a, #b); } while (0)

#endif
