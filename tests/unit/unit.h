/* unit.h - a tiny test runner in the style of BIRD's birdtest.
 *
 *	TEST(cursor_reads_u16) { CHECK_EQ(cur_u16(&c), 0x1234); }
 *
 * Each TEST registers itself before main(); the runner prints TAP-like
 * "ok N - name" lines and ends with "unit: N passed, N failed".
 */
#ifndef TS_UNIT_H
#define TS_UNIT_H

#include <stdint.h>
#include <string.h>

struct unit_test {
	const char		*name;
	const char		*file;
	void			(*fn)(void);
	struct unit_test	*next;
};

void	unit_register(struct unit_test *);
void	unit_fail(const char *file, int line, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

#define TEST(name)							\
	static void test_##name(void);					\
	static struct unit_test unit_##name = {				\
		#name, __FILE__, test_##name, NULL };			\
	__attribute__((constructor)) static void reg_##name(void)	\
	{ unit_register(&unit_##name); }				\
	static void test_##name(void)

#define CHECK(cond) do {						\
	if (!(cond))							\
		unit_fail(__FILE__, __LINE__, "%s", #cond);		\
} while (0)

#define CHECK_EQ(a, b) do {						\
	unsigned long long a_ = (unsigned long long)(a);		\
	unsigned long long b_ = (unsigned long long)(b);		\
	if (a_ != b_)							\
		unit_fail(__FILE__, __LINE__, "%s == %s: %llu != %llu",	\
		    #a, #b, a_, b_);					\
} while (0)

#define CHECK_STR(a, b) do {						\
	const char *a_ = (a), *b_ = (b);				\
	if (a_ == NULL || b_ == NULL || strcmp(a_, b_) != 0)		\
		unit_fail(__FILE__, __LINE__, "%s: \"%s\" != \"%s\"",	\
		    #a, a_ ? a_ : "(null)", b_ ? b_ : "(null)");	\
} while (0)

#endif /* TS_UNIT_H */
