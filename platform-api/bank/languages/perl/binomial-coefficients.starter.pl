use strict;
use warnings;

my @v = split ' ', do { local $/; <STDIN> };
my $q = $v[0];
# For each pair n k, print C(n, k) modulo 1_000_000_007.
