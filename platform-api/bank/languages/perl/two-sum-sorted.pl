use strict;
use warnings;

my @v = split ' ', do { local $/; <STDIN> };
my ($n, $target) = @v[0, 1];

# a_i is $v[$i + 1]; walk inwards from both ends. Values and sums fit a 64-bit integer exactly.
my ($i, $j) = (1, $n);
while ($i < $j) {
    my $sum = $v[$i + 1] + $v[$j + 1];
    last if $sum == $target;
    if ($sum < $target) { $i++ } else { $j-- }
}
print "$i $j\n";
